import Statistics

/// Deterministic DICOM UIDs under the `2.25` root (PS3.5 §B.2): the same seed and components
/// always give the same UID, so written series are reproducible and tests can compare them.
public enum DicomUID {
    /// A UID derived from `seed` and `components` (e.g. `["series", "3"]`).
    public static func make(seed: UInt64, _ components: String...) -> String {
        make(seed: seed, components: components)
    }

    /// A UID derived from `seed` and `components`; at most 43 characters.
    public static func make(seed: UInt64, components: [String]) -> String {
        // FNV-1a over the components, mixed with the seed through SplitMix64.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in components {
            for b in c.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        var g = SplitMix64(seed: seed ^ h)
        let hi = g.next() | (1 << 63)  // 19 digits, no leading zero
        let lo = g.next() % 1_000_000_000_000_000_000
        let loText = String(lo)
        return "2.25." + String(hi) + String(repeating: "0", count: 18 - loText.count) + loText
    }
}
