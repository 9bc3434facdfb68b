/// The two MRI contrasts of the paper: what a manifest row's `modality` names, what a classifier
/// branch takes, and what modality transfer translates between. The raw values are the manifest's
/// and every file name's (`t1ce`, `flair`).
public enum Modality: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    /// 3D T1-weighted, gadolinium contrast-enhanced.
    case t1ce
    /// 2D T2-weighted fluid-attenuated inversion recovery.
    case flair

    /// The other modality.
    public var other: Modality { self == .t1ce ? .flair : .t1ce }

    public static func < (a: Modality, b: Modality) -> Bool { a == .t1ce && b == .flair }
}
