import Foundation

/// A NIfTI voxel-to-world affine in NIfTI's RAS+ frame (x → Right, y → Anterior, z → Superior):
/// world = `matrix` · (i, j, k) + `translation`.
///
/// MetOrigin works in LPS (`ImageGeometry`); the two frames differ by the sign of x and y, so
/// converting either way negates the first two rows of the matrix and of the translation.
public struct RASAffine: Hashable, Sendable {
    /// Columns are the RAS world steps of one voxel along i, j and k.
    public var matrix: Matrix3
    public var translation: Point3

    public init(matrix: Matrix3, translation: Point3) {
        self.matrix = matrix
        self.translation = translation
    }

    /// The affine of an LPS grid.
    public init(geometry g: ImageGeometry) {
        let m = g.indexToWorldMatrix
        matrix = Matrix3(columns: Self.flipXY(m.columns.0), Self.flipXY(m.columns.1), Self.flipXY(m.columns.2))
        translation = Self.flipXY(g.origin)
    }

    /// The three sform-style rows (x, y, z, offset).
    public init(rows: [SIMD4<Double>]) {
        matrix = Matrix3(columns: Point3(rows[0][0], rows[1][0], rows[2][0]),
                         Point3(rows[0][1], rows[1][1], rows[2][1]),
                         Point3(rows[0][2], rows[1][2], rows[2][2]))
        translation = Point3(rows[0][3], rows[1][3], rows[2][3])
    }

    /// The 4×4 homogeneous matrix, row-major, as nibabel prints `img.affine`.
    public var rows4x4: [[Double]] {
        (0..<3).map { r in [matrix[r, 0], matrix[r, 1], matrix[r, 2], translation[r]] } + [[0, 0, 0, 1]]
    }

    /// The three rows (x, y, z, offset) as stored in `srow_x/y/z`.
    public var srows: [SIMD4<Double>] {
        (0..<3).map { r in SIMD4(matrix[r, 0], matrix[r, 1], matrix[r, 2], translation[r]) }
    }

    /// The LPS grid of `size` voxels this affine describes. Spacing is each column's length and
    /// direction the normalised columns, so `world(atIndex:)` reproduces the affine exactly.
    public func geometry(size: GridSize) -> ImageGeometry? {
        let lps = (Self.flipXY(matrix.columns.0), Self.flipXY(matrix.columns.1), Self.flipXY(matrix.columns.2))
        let n = (Self.norm(lps.0), Self.norm(lps.1), Self.norm(lps.2))
        guard n.0 > 0, n.1 > 0, n.2 > 0, n.0.isFinite, n.1.isFinite, n.2.isFinite,
              translation.x.isFinite, translation.y.isFinite, translation.z.isFinite else { return nil }
        let dir = Matrix3(columns: lps.0 / n.0, lps.1 / n.1, lps.2 / n.2)
        guard abs(dir.determinant) > 1e-6 else { return nil }
        return ImageGeometry(size: size, spacing: Spacing(n.0, n.1, n.2), origin: Self.flipXY(translation),
                             direction: dir)
    }

    static func flipXY(_ v: Point3) -> Point3 { Point3(-v.x, -v.y, v.z) }
    static func norm(_ v: Point3) -> Double { (v * v).sum().squareRoot() }
}

// MARK: - qform quaternions

extension RASAffine {
    /// The qform affine from quaternion (b, c, d), qfac, voxel sizes and offset, as
    /// `nifti1_io`'s `quatern_to_mat44` and nibabel's `get_qform` compute it.
    static func fromQuaternion(_ bcd: Point3, qfac: Double, pixdim: Point3, offset: Point3) -> RASAffine {
        var (b, c, d) = (bcd.x, bcd.y, bcd.z)
        var a = 1 - (b * b + c * c + d * d)
        if a < 1e-7 {
            // Rounding in float32 storage can push |bcd| just over 1: renormalise, a = 0.
            let s = 1 / (b * b + c * c + d * d).squareRoot()
            b *= s; c *= s; d *= s
            a = 0
        } else {
            a = a.squareRoot()
        }
        let r = Matrix3(
            columns: Point3(a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c)),
            Point3(2 * (b * c - a * d), a * a + c * c - b * b - d * d, 2 * (c * d + a * b)),
            Point3(2 * (b * d + a * c), 2 * (c * d - a * b), a * a + d * d - c * c - b * b))
        let zx = pixdim.x > 0 ? pixdim.x : 1
        let zy = pixdim.y > 0 ? pixdim.y : 1
        let zz = (pixdim.z > 0 ? pixdim.z : 1) * (qfac < 0 ? -1 : 1)
        let m = Matrix3(columns: r.columns.0 * zx, r.columns.1 * zy, r.columns.2 * zz)
        return RASAffine(matrix: m, translation: offset)
    }

    /// Quaternion (b, c, d) and qfac of this affine's rotation, after normalising the columns;
    /// a reflection (negative determinant) is carried by qfac = −1, as `nifti_mat44_to_quatern`.
    func quaternion() -> (bcd: Point3, qfac: Double) {
        var cols = [matrix.columns.0, matrix.columns.1, matrix.columns.2].map { v -> Point3 in
            let n = Self.norm(v)
            return n > 0 ? v / n : v
        }
        var qfac = 1.0
        if Matrix3(columns: cols[0], cols[1], cols[2]).determinant < 0 {
            qfac = -1
            cols[2] = -cols[2]
        }
        let m = Matrix3(columns: cols[0], cols[1], cols[2])
        let (r11, r12, r13) = (m[0, 0], m[0, 1], m[0, 2])
        let (r21, r22, r23) = (m[1, 0], m[1, 1], m[1, 2])
        let (r31, r32, r33) = (m[2, 0], m[2, 1], m[2, 2])
        var a = r11 + r22 + r33 + 1
        var b: Double, c: Double, d: Double
        if a > 0.5 {
            a = 0.5 * a.squareRoot()
            b = 0.25 * (r32 - r23) / a
            c = 0.25 * (r13 - r31) / a
            d = 0.25 * (r21 - r12) / a
        } else {
            let xd = 1 + r11 - (r22 + r33)
            let yd = 1 + r22 - (r11 + r33)
            let zd = 1 + r33 - (r11 + r22)
            if xd > 1 {
                b = 0.5 * xd.squareRoot()
                c = 0.25 * (r12 + r21) / b
                d = 0.25 * (r13 + r31) / b
                a = 0.25 * (r32 - r23) / b
            } else if yd > 1 {
                c = 0.5 * yd.squareRoot()
                b = 0.25 * (r12 + r21) / c
                d = 0.25 * (r23 + r32) / c
                a = 0.25 * (r13 - r31) / c
            } else {
                d = 0.5 * zd.squareRoot()
                b = 0.25 * (r13 + r31) / d
                c = 0.25 * (r23 + r32) / d
                a = 0.25 * (r21 - r12) / d
            }
            if a < 0 { b = -b; c = -c; d = -d }
        }
        return (Point3(b, c, d), qfac)
    }

    /// The affine nibabel uses when neither sform nor qform is set: voxel sizes on the diagonal,
    /// x flipped (radiological Analyze convention), and the volume centred on the origin.
    static func fallback(size: GridSize, pixdim: Point3) -> RASAffine {
        let z = Point3(pixdim.x > 0 ? pixdim.x : 1, pixdim.y > 0 ? pixdim.y : 1, pixdim.z > 0 ? pixdim.z : 1)
        let centre = Point3(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1)) / 2
        let m = Matrix3(columns: Point3(-z.x, 0, 0), Point3(0, z.y, 0), Point3(0, 0, z.z))
        return RASAffine(matrix: m, translation: -(m * centre))
    }
}
