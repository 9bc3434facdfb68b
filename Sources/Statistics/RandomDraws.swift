import Foundation

/// The draws MetOrigin's random processes make from a seeded generator. Only IEEE arithmetic and
/// libm are used, so a seed gives the same values on every run of the same build.
extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { unit() < p }

    /// A uniform integer in `0..<bound` by the remainder of one draw, redrawing the values of the
    /// top partial range so it is unbiased; 0 when `bound` ≤ 1. The cohort generator's rule.
    public mutating func moduloIndex(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let r = next()
            if r < limit { return Int(r % b) }
        }
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject (unbiased); `bound` > 0.
    /// Evaluation's rule (bootstrap resamples, audit folds).
    public mutating func lemireIndex(below bound: Int) -> Int {
        precondition(bound > 0, "lemireIndex(below:) needs a positive bound")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates shuffle driven by `moduloIndex(below:)` (the standard library's shuffle may
    /// change between toolchains).
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, moduloIndex(below: i + 1))
        }
    }

    /// Index drawn with probability proportional to `weights`.
    public mutating func choice(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        var u = unit() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    /// Standard normal by Box–Muller (one value per call; simplicity beats caching here).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-60)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Normal with the given mean and standard deviation.
    public mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

    /// Log-normal with the given median and log-scale standard deviation.
    public mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// Gamma(shape, 1) by Marsaglia–Tsang, boosted for shape < 1.
    public mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(max(unit(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Poisson by inversion (means here are small, below ~40; above 60 a rounded normal).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 60 { return max(0, Int(normal(mean, mean.squareRoot()).rounded())) }
        let l = exp(-mean)
        var k = 0
        var p = unit()
        while p > l { k += 1; p *= unit() }
        return k
    }

    /// Negative binomial with the given mean and dispersion r (variance = m + m²/r), as a
    /// gamma–Poisson mixture.
    public mutating func negativeBinomial(mean: Double, dispersion r: Double) -> Int {
        poisson(gamma(shape: r) * mean / r)
    }
}
