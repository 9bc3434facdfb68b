import Foundation

/// L2-penalised multinomial logistic regression on standardised features, fitted by full-batch
/// gradient descent with a fixed schedule: deterministic, and cheap enough to refit per fold and
/// per feature (the cohort's oracle ceilings). `MultinomialLogisticRegression` is the Newton-fitted
/// one Evaluation's shortcut audit uses; the two give different (recorded) numbers.
public struct SoftmaxRegression: Sendable {
    /// Per-feature means of the training rows.
    public private(set) var mean: [Double]
    /// Per-feature 1 / standard deviation (0 for a constant feature).
    public private(set) var scale: [Double]
    /// classes × (features + 1), row-major, bias last in each row.
    public private(set) var weights: [Double]
    public let classes: Int

    /// Fits `classes` classes to the rows of `x` with labels `y` in `0..<classes`.
    /// - Parameter rate: the gradient step; `nil` takes the largest step that cannot diverge,
    ///   1 / (½ λmax(ZᵀZ / n) + l2) for the standardised rows Z with their bias column (the
    ///   softmax loss's curvature is at most ½ of the design's), which many correlated features
    ///   need: with a few hundred of them the fixed step 1 overshoots.
    public init(x: [[Double]], y: [Int], classes: Int, l2: Double = 1e-3, iterations: Int = 200, rate: Double? = 1.0) {
        let n = x.count, d = x.first?.count ?? 0, w = d + 1
        self.classes = classes
        let means = (0..<d).map { f in x.reduce(0) { $0 + $1[f] } / Double(max(n, 1)) }
        let scales = (0..<d).map { f in
            let v = x.reduce(0) { $0 + ($1[f] - means[f]) * ($1[f] - means[f]) } / Double(max(n, 1))
            return v > 1e-12 ? 1 / v.squareRoot() : 0
        }
        mean = means
        scale = scales
        // Flat buffers and raw pointers: this loop is the oracle's whole cost, and it also runs
        // in debug builds during the tests.
        var z = [Double](repeating: 0, count: n * w)
        for (i, row) in x.enumerated() {
            for f in 0..<d { z[i * w + f] = (row[f] - means[f]) * scales[f] }
            z[i * w + d] = 1
        }
        let rate = rate ?? 1 / (0.5 * Self.largestEigenvalue(z, rows: n, columns: w) + l2)
        var weights = [Double](repeating: 0, count: classes * w)
        var gradient = [Double](repeating: 0, count: classes * w)
        var p = [Double](repeating: 0, count: classes)
        let inverseN = 1 / Double(max(n, 1))
        z.withUnsafeBufferPointer { z in
            weights.withUnsafeMutableBufferPointer { wt in
                gradient.withUnsafeMutableBufferPointer { g in
                    p.withUnsafeMutableBufferPointer { p in
                        for _ in 0..<iterations {
                            for k in 0..<g.count { g[k] = 0 }
                            for i in 0..<n {
                                let row = i * w
                                var top = -Double.infinity
                                for c in 0..<classes {
                                    var s = 0.0
                                    for f in 0..<w { s += wt[c * w + f] * z[row + f] }
                                    p[c] = s
                                    top = Swift.max(top, s)
                                }
                                var total = 0.0
                                for c in 0..<classes { p[c] = exp(p[c] - top); total += p[c] }
                                for c in 0..<classes {
                                    let err = p[c] / total - (y[i] == c ? 1 : 0)
                                    for f in 0..<w { g[c * w + f] += err * z[row + f] }
                                }
                            }
                            for c in 0..<classes {
                                for f in 0..<w {
                                    let penalty = f < d ? l2 * wt[c * w + f] : 0
                                    wt[c * w + f] -= rate * (g[c * w + f] * inverseN + penalty)
                                }
                            }
                        }
                    }
                }
            }
        }
        self.weights = weights
    }

    /// The largest eigenvalue of ZᵀZ / n for the row-major `rows` × `columns` matrix `z`, by power
    /// iteration (deterministic start; 100 steps are plenty for a step-size bound).
    static func largestEigenvalue(_ z: [Double], rows n: Int, columns w: Int) -> Double {
        guard n > 0, w > 0 else { return 1 }
        var v = [Double](repeating: 1 / Double(w).squareRoot(), count: w)
        var lambda = 1.0
        var zv = [Double](repeating: 0, count: n)
        for _ in 0..<100 {
            for i in 0..<n { var s = 0.0; for f in 0..<w { s += z[i * w + f] * v[f] }; zv[i] = s }
            var next = [Double](repeating: 0, count: w)
            for i in 0..<n { let a = zv[i]; for f in 0..<w { next[f] += z[i * w + f] * a } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 1 }
            lambda = norm / Double(n)
            v = next.map { $0 / norm }
        }
        return lambda
    }

    /// Class probabilities for a raw feature vector.
    public func predict(_ v: [Double]) -> [Double] {
        let d = mean.count, w = d + 1
        let z = (0..<d).map { (v[$0] - mean[$0]) * scale[$0] } + [1]
        let logits = (0..<classes).map { c in (0..<w).reduce(0.0) { $0 + weights[c * w + $1] * z[$1] } }
        return softmax(logits)
    }
}
