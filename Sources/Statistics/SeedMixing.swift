/// The ways a per-step seed is derived from a run's seed. Each is a distinct formula that
/// recorded outputs depend on, so they are kept apart and named rather than merged.
public enum SeedMixing {
    /// `seed + counter · γ`: one stream per epoch (class sampling, the CycleGAN's slice order).
    public static func advanced(_ seed: UInt64, by counter: Int) -> UInt64 {
        seed &+ UInt64(counter) &* SplitMix64.goldenGamma
    }

    /// One stream per (epoch, position) pair, for augmentation: both counters are multiplied by
    /// different odd constants and xor-ed in, so neighbouring pairs do not share streams.
    public static func augmentation(_ seed: UInt64, epoch: Int, position: Int) -> UInt64 {
        seed ^ (UInt64(epoch) &* SplitMix64.goldenGamma) ^ (UInt64(position) &* 0xC2B2_AE3D_27D4_EB4F)
    }

    /// One stream per optimisation step (the CycleGAN's image pool).
    public static func step(_ seed: UInt64, _ step: Int) -> UInt64 {
        seed ^ (UInt64(step) &* 0xD1B5_4A32_D192_ED03)
    }
}
