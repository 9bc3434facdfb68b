/// The seeded generator behind every random choice in Evaluation (bootstrap resamples, audit
/// folds): xoshiro256** (Blackman & Vigna), its state filled from the seed by a 64-bit LCG and
/// scrambled, so that nearby seeds give unrelated streams. Results depend only on the seed, never
/// on the standard library's random algorithms, which may change between toolchains.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func mix() -> UInt64 {
            // Knuth's MMIX LCG step, then a murmur-style finaliser.
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var z = x
            z ^= z >> 33; z = z &* 0xFF51_AFD7_ED55_8CCD
            z ^= z >> 33; z = z &* 0xC4CE_B9FE_1A85_EC53
            return z ^ (z >> 33)
        }
        s0 = mix(); s1 = mix(); s2 = mix(); s3 = mix()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, unbiased); `bound` > 0.
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "index(below:) needs a positive bound")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
