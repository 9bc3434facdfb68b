/// xoshiro256** (Blackman & Vigna), the generator behind every random choice in Evaluation
/// (bootstrap resamples, shortcut-audit folds). Its state is filled from the seed by a 64-bit
/// LCG and a murmur-style finaliser, so that nearby seeds give unrelated streams. Results depend
/// only on the seed, never on the standard library's random algorithms.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
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

    /// A generator in the given raw state (the published test vectors start from one).
    init(state s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        (self.s0, self.s1, self.s2, self.s3) = (s0, s1, s2, s3)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
