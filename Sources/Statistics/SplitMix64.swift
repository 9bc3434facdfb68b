/// A small, fast, seedable generator (Vigna's SplitMix64): the stream behind every random choice
/// of the cohort generator, the training data order and augmentation, DICOM UIDs and the I/O
/// benchmark. Results depend only on the seed, never on the standard library's generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Weyl increment, 2⁶⁴ / φ: the step of the state and the usual multiplier for mixing a
    /// counter (an epoch, a part) into a seed.
    public static let goldenGamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    /// The stream that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A stream for one purpose of one entity (e.g. one study's lesions), independent of every
    /// other stream of the same seed: each part is folded in through its own SplitMix64 step, so
    /// entities can be processed in any order, or in parallel, and still draw the same values.
    public init(seed: UInt64, stream parts: UInt64...) {
        var h = seed ^ 0x6A09_E667_F3BC_C908
        for p in parts {
            var m = SplitMix64(seed: h ^ (p &* Self.goldenGamma))
            h = m.next()
        }
        state = h
    }

    public mutating func next() -> UInt64 {
        state &+= Self.goldenGamma
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The stream's next value without advancing it (a derived seed).
    public func peek() -> UInt64 {
        var copy = self
        return copy.next()
    }
}
