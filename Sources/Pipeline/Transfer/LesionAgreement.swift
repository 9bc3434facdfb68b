import MedicalIO
import Models
import Vocabulary

/// The lesion check of the modality-transfer benchmark: does a lesion seen in the real target
/// image appear in the synthetic one at the same place?
///
/// Definition. On the common grid, the cohort's truth labels that make a lesion *on the target
/// modality* (`visibleLabels(on:)`) are dilated in-plane by `margin` pixels to form the lesion
/// neighbourhood. Inside it, the real image is thresholded at its own Otsu threshold (of the
/// values in the neighbourhood) and the synthetic image at its own: each mask is "the bright
/// part of the lesion neighbourhood" in that image. The figure is the Dice coefficient of the
/// two masks. A per-image threshold makes the check about *where* the lesion is, not about its
/// absolute intensity (which the other figures measure). Patients with no lesion voxel on the
/// compared slices are skipped.
public enum LesionAgreement {
    public static let margin = 2

    /// Every truth label (enhancing 1, core 2, oedema 3): the first definition of the check.
    public static let anyLabel: Set<UInt8> = [1, 2, 3]

    /// The labels that form a lesion on `target`. On FLAIR the lesion is the hyperintense tumour
    /// and its oedema (1, 2, 3). On T1 CE it is the enhancing tumour and its necrotic or cystic
    /// core (1, 2) — what a radiologist contours there: oedema is only slightly darker than
    /// normal tissue on T1 CE, so a neighbourhood that includes it is mostly normal grey and
    /// white matter, whose Otsu split is the white-matter pattern rather than the lesion.
    public static func visibleLabels(on target: Modality) -> Set<UInt8> {
        target == .flair ? anyLabel : [1, 2]
    }

    /// The labels that are bright on `target` inside its lesion neighbourhood, where the truth
    /// can say: on T1 CE the enhancing tumour (1), whose core and surrounding oedema are dark.
    /// On FLAIR no label set is: the tumour (1.1 in the cohort) is darker than its core and
    /// oedema and barely brighter than grey matter, so the answer is nil.
    public static func brightLabels(on target: Modality) -> Set<UInt8>? {
        target == .t1ce ? [1] : nil
    }

    /// References scored by the same check beside the methods, so a method's figure can be read
    /// against what the check gives with no transfer at all and with the truth's knowledge.
    public enum Reference: String, CaseIterable, Sendable {
        /// The source image itself, untransformed: what passing the other modality through gives.
        case source
        /// An image that is 1 on the target's `brightLabels` and 0 elsewhere: what the check gives
        /// an image that knows where the lesion is bright (not a method: it reads the truth).
        /// T1 CE targets only.
        case truth

        public var definition: String {
            switch self {
            case .source: return "the source image itself, untransformed"
            case .truth: return "1 on the enhancing tumour of the truth (label 1), 0 elsewhere; T1 CE targets only"
            }
        }

        /// The reference image for one target on the compared slices, or nil where it is not defined.
        public func image(source: [Float], truth: [UInt8], target: Modality) -> [Float]? {
            switch self {
            case .source: return source
            case .truth:
                guard let bright = LesionAgreement.brightLabels(on: target) else { return nil }
                return truth.map { bright.contains($0) ? 1 : 0 }
            }
        }
    }

    /// Dice of the thresholded masks inside the neighbourhood of `labels`, or nil when the
    /// neighbourhood is empty or either mask is. All arrays are `side` × `side` × n slices, x fastest.
    public static func dice(real: [Float], synthetic: [Float], truth: [UInt8], labels: Set<UInt8>, side: Int) -> Double? {
        let neighbourhood = dilated(truth.map { labels.contains($0) }, side: side, radius: margin)
        let inside = neighbourhood.indices.filter { neighbourhood[$0] }
        guard inside.count >= 8 else { return nil }
        let tReal = Otsu.threshold(inside.map { real[$0] }), tSynthetic = Otsu.threshold(inside.map { synthetic[$0] })
        var counts = MaskOverlap()
        for i in inside { counts.add(real[i] > tReal, synthetic[i] > tSynthetic) }
        return counts.dice
    }

    /// In-plane dilation by a (2r+1)² square, slice by slice.
    static func dilated(_ mask: [Bool], side: Int, radius r: Int) -> [Bool] {
        let plane = side * side
        var out = [Bool](repeating: false, count: mask.count)
        for i in mask.indices where mask[i] {
            let k = i / plane, y = (i % plane) / side, x = i % side
            for yy in max(0, y - r)...min(side - 1, y + r) {
                for xx in max(0, x - r)...min(side - 1, x + r) { out[k * plane + yy * side + xx] = true }
            }
        }
        return out
    }
}
