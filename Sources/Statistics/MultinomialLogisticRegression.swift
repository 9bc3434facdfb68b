import Foundation

/// Multinomial logistic regression with an L2 penalty, fitted by damped Newton's method. Small
/// and deterministic: it exists for Evaluation's shortcut audit, where there are a handful of
/// features (`SoftmaxRegression` is the gradient-descent fit the cohort's oracle uses).
/// The fit depends only on the data (no random initialisation); the penalty makes the problem
/// strictly convex, so the optimum is unique.
public struct MultinomialLogisticRegression: Sendable {
    /// `weights[k]` holds class k's coefficients, the last one being the intercept.
    public private(set) var weights: [[Double]]
    public let classCount: Int
    public let featureCount: Int
    /// Whether the last fit converged (gradient norm below tolerance).
    public private(set) var converged = false
    /// Newton steps taken by the last fit.
    public private(set) var iterations = 0

    /// Fits `classCount` classes to rows of `features` (without intercept column) and `labels` in
    /// `0..<classCount`. `l2` penalises the coefficients; the intercepts get a tiny penalty only
    /// to remove the softmax's redundant direction.
    public init(features: [[Double]], labels: [Int], classCount: Int, l2: Double = 1.0,
                maxIterations: Int = 100, tolerance: Double = 1e-8) {
        self.classCount = classCount
        featureCount = features.first?.count ?? 0
        let d = featureCount + 1
        weights = [[Double]](repeating: [Double](repeating: 0, count: d), count: classCount)
        let x = features.map { $0 + [1.0] }
        let penalty = (0..<d).map { $0 == d - 1 ? 1e-6 : l2 }
        var current = objective(x, labels, penalty)
        for _ in 0..<maxIterations {
            iterations += 1
            let (gradient, hessian) = derivatives(x, labels, penalty)
            let gnorm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if gnorm < tolerance * Double(max(1, x.count)) { converged = true; break }
            guard let step = Self.solve(hessian, gradient) else { break }
            var t = 1.0
            let saved = weights
            var improved = false
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            // Backtracking keeps the Newton step from overshooting where the Hessian is flat.
            for _ in 0..<30 {
                for k in 0..<classCount { for j in 0..<d { weights[k][j] = saved[k][j] - t * step[k * d + j] } }
                let value = objective(x, labels, penalty)
                if value <= current - 1e-4 * t * slope {
                    current = value; improved = true; break
                }
                t /= 2
            }
            if !improved { weights = saved; converged = gnorm < 1e-5 * Double(max(1, x.count)); break }
        }
    }

    /// Class probabilities for one feature row (without intercept column).
    public func probabilities(_ features: [Double]) -> [Double] { probabilitiesWithIntercept(features + [1.0]) }

    private func probabilitiesWithIntercept(_ x: [Double]) -> [Double] {
        softmax(weights.map { w in zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } })
    }

    private func objective(_ x: [[Double]], _ y: [Int], _ penalty: [Double]) -> Double {
        var loss = 0.0
        for (i, row) in x.enumerated() { loss -= log(max(probabilitiesWithIntercept(row)[y[i]], 1e-300)) }
        for w in weights { for (j, v) in w.enumerated() { loss += 0.5 * penalty[j] * v * v } }
        return loss
    }

    /// Gradient and Hessian of the penalised negative log-likelihood, flattened class-major.
    private func derivatives(_ x: [[Double]], _ y: [Int], _ penalty: [Double]) -> ([Double], [[Double]]) {
        let d = featureCount + 1, size = classCount * d
        var g = [Double](repeating: 0, count: size)
        // Flat storage: nested arrays are slow in the inner loop of unoptimised (test) builds.
        var h = [Double](repeating: 0, count: size * size)
        var outer = [Double](repeating: 0, count: d * d)
        for (i, row) in x.enumerated() {
            let p = probabilitiesWithIntercept(row)
            for a in 0..<d { for b in 0..<d { outer[a * d + b] = row[a] * row[b] } }
            for k in 0..<classCount {
                let r = p[k] - (y[i] == k ? 1 : 0)
                for j in 0..<d { g[k * d + j] += r * row[j] }
                for l in 0..<classCount {
                    let c = p[k] * ((k == l ? 1 : 0) - p[l])
                    if c == 0 { continue }
                    for a in 0..<d {
                        let base = (k * d + a) * size + l * d
                        for b in 0..<d { h[base + b] += c * outer[a * d + b] }
                    }
                }
            }
        }
        for k in 0..<classCount {
            for j in 0..<d {
                g[k * d + j] += penalty[j] * weights[k][j]
                h[(k * d + j) * size + k * d + j] += penalty[j]
            }
        }
        return (g, (0..<size).map { Array(h[($0 * size)..<(($0 + 1) * size)]) })
    }

    /// Solves `a · x = b` for symmetric positive-definite `a` by Cholesky; `nil` if not positive.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i][k] * y[k] }
            y[i] = s / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k][i] * x[k] }
            x[i] = s / l[i][i]
        }
        return x
    }
}
