import Foundation
import MedicalIO
import Radiomics
import Training
import Vocabulary

/// Where a study image's lesions come from.
public enum LesionMaskSource: Sendable, Hashable {
    /// The manifest's `truth_path` label maps (the synthetic cohort's truth: 1 enhancing rim,
    /// 2 core, 3 oedema); labels 1 and 2 are tumour, as in the segmentation masks. A reference
    /// only: a real cohort has no such maps.
    case truth
    /// The tumour probability maps of `metorigin segment maps` (a folder with its `index.csv`),
    /// thresholded at `threshold` (at or above is tumour, as the segmentation model's mask).
    case probabilityMaps(folder: String, threshold: Double)

    /// Labels of the truth maps that count as tumour.
    public static let truthTumourLabels: Set<Int> = [1, 2]

    /// How the report names the masks.
    public var label: String {
        switch self {
        case .truth: return "truth-mask reference"
        case .probabilityMaps(let folder, let t):
            return "predicted masks (probability maps in \((folder as NSString).lastPathComponent) ≥ \(t))"
        }
    }

    /// The mask file of one manifest row, or nil when the row has none (no `truth_path`; no map
    /// in the index).
    func maskPath(for row: ManifestRow, index: ProbabilityMapIndex?) -> String? {
        switch self {
        case .truth: return row.truthPath
        case .probabilityMaps: return index?.entry(studyID: row.studyID, modality: row.modality)?.probabilityPath
        }
    }

    /// The tumour flags of a mask volume.
    func tumour(_ mask: ImageVolume) -> [Bool] {
        switch self {
        case .truth:
            return mask.voxels.map { v in v.isFinite && Self.truthTumourLabels.contains(Int(v.rounded())) }
        case .probabilityMaps(_, let t):
            let threshold = Float(t)
            return mask.voxels.map { $0 >= threshold }
        }
    }

    /// A string that changes whenever the masks would differ (for caches).
    var cacheKey: String {
        switch self {
        case .truth: return "truth:" + Self.truthTumourLabels.sorted().map(String.init).joined(separator: ",")
        case .probabilityMaps(_, let t): return "maps:\(t)"
        }
    }
}
