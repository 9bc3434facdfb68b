/// Eigenvalues of a small dense symmetric matrix by cyclic Jacobi rotations (accurate to
/// rounding for the sizes radiomics needs: 3 × 3 shape covariances, GLCMs of a few dozen levels).
enum SymmetricEigen {
    /// `a` is row-major `size × size`; only its symmetric part is used.
    static func eigenvalues(_ a: [Double], size n: Int) -> [Double] {
        var m = a
        for sweep in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += m[p * n + q] * m[p * n + q] } }
            if off < 1e-300 || sweep == 99 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p * n + q]
                    guard abs(apq) > 1e-300 else { continue }
                    let app = m[p * n + p], aqq = m[q * n + q]
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = m[k * n + p], akq = m[k * n + q]
                        m[k * n + p] = c * akp - s * akq
                        m[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p * n + k], aqk = m[q * n + k]
                        m[p * n + k] = c * apk - s * aqk
                        m[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { m[$0 * n + $0] }
    }
}
