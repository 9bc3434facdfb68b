import Foundation
import MedicalIO

/// The seeded stream behind every random choice of the generator: `SplitMix64` plus the
/// distributions the model needs. Only IEEE arithmetic and libm are used, so a seed gives the
/// same cohort on every run of the same build.
struct CohortRandom: RandomNumberGenerator {
    private var base: SplitMix64

    init(seed: UInt64) { base = SplitMix64(seed: seed) }

    /// A stream for one purpose of one entity, independent of every other: studies can then be
    /// rendered in any order, in parallel, and still give the same bytes.
    init(seed: UInt64, _ parts: UInt64...) {
        var h = seed ^ 0x6A09_E667_F3BC_C908
        for p in parts {
            var m = SplitMix64(seed: h ^ (p &* 0x9E37_79B9_7F4A_7C15))
            h = m.next()
        }
        base = SplitMix64(seed: h)
    }

    mutating func next() -> UInt64 { base.next() }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    mutating func bernoulli(_ p: Double) -> Bool { unit() < p }

    /// Uniform integer in `0..<bound` (bound > 0), by rejection so it is unbiased.
    mutating func index(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let r = next()
            if r < limit { return Int(r % b) }
        }
    }

    /// Standard normal by Box–Muller (one value per call; simplicity beats caching here).
    mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-60)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

    /// Log-normal with the given median and log-scale standard deviation.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// Gamma(shape, 1) by Marsaglia–Tsang, boosted for shape < 1.
    mutating func gamma(shape: Double) -> Double {
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

    /// Poisson by inversion (means here are small, below ~40).
    mutating func poisson(_ mean: Double) -> Int {
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
    mutating func negativeBinomial(mean: Double, dispersion r: Double) -> Int {
        poisson(gamma(shape: r) * mean / r)
    }

    /// Index drawn with probability proportional to `weights`.
    mutating func choice(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        var u = unit() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    /// Fisher–Yates shuffle driven by this stream (the standard library's may change).
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, index(below: i + 1))
        }
    }
}
