import Vocabulary

/// What the contour of a contoured FLAIR study outlines.
///
/// On T1 CE the contour is the enhancing tumour with its necrotic or cystic core (truth labels
/// 1–2), as radiologists draw a GTV. On FLAIR the cohort has two readings. `tumour` (the default)
/// contours the same tumour, which on FLAIR is *less* bright than the oedema around it. `lesion`
/// contours the FLAIR-hyperintense lesion, tumour and oedema together, which is what can be seen
/// and drawn on a FLAIR-only study. The paper's Table 3, where FLAIR segments at least as well as
/// T1 CE (Dice 0.895 against 0.878 for the proposed network), suggests its FLAIR contours were of
/// this kind (docs/decisions.md, "What a FLAIR contour outlines").
public enum FLAIRContour: String, Sendable, CaseIterable {
    /// The tumour alone (labels 1–2), as on T1 CE. The default.
    case tumour
    /// The FLAIR-hyperintense lesion: tumour, core and oedema (labels 1–3).
    case lesion

    /// The truth labels a contour of `modality` covers.
    public func labels(on modality: Modality) -> Set<UInt8> {
        outlinesOedema(on: modality) ? [1, 2, 3] : [1, 2]
    }

    /// The RTSTRUCT structure name of a contour of `modality`. Tumour with oedema is named for
    /// what it is; glioma practice also calls a FLAIR-abnormality volume a GTV.
    func structureName(on modality: Modality) -> String {
        outlinesOedema(on: modality) ? "GTV_FLAIR_lesion" : "GTV_metastases"
    }

    /// The description in the header of a contoured NIfTI study's mask.
    func maskDescription(on modality: Modality) -> String {
        outlinesOedema(on: modality) ? "MetOrigin FLAIR lesion contour (labels 1-3)" : "MetOrigin tumour contour (labels 1-2)"
    }

    private func outlinesOedema(on modality: Modality) -> Bool { modality == .flair && self == .lesion }
}
