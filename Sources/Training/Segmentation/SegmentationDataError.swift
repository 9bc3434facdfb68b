import Vocabulary

/// Why segmentation data could not be prepared; every case names the file (or manifest) at fault.
public enum SegmentationDataError: Error, CustomStringConvertible {
    /// The image could not be read or resampled.
    case image(ImageLoadError)
    /// A contoured study's tumour mask (`rtstruct_path`) does not exist.
    case maskMissing(studyID: String, path: String)
    /// A contoured study has no `rtstruct_path`.
    case maskNotGiven(studyID: String, manifest: String)
    /// The tumour mask exists but cannot be read or rasterised.
    case maskUnreadable(path: String, reason: String)
    /// Not one of the modalities a segmentation network is trained for.
    case unknownModality(String)
    /// The manifest has no contoured study of the modality.
    case noContouredStudies(manifest: String, modality: String)
    /// The manifest itself is unusable.
    case manifest(ManifestError)

    public var description: String {
        switch self {
        case .image(let e): return e.description
        case .maskMissing(let study, let path): return "\(path): tumour mask of study \(study) does not exist"
        case .maskNotGiven(let study, let manifest): return "\(manifest): study \(study) is contoured but has no rtstruct_path"
        case .maskUnreadable(let path, let reason): return "\(path): cannot read the tumour mask: \(reason)"
        case .unknownModality(let m): return "modality '\(m)' is not t1ce or flair"
        case .noContouredStudies(let manifest, let m): return "\(manifest): no contoured \(m) study to train on"
        case .manifest(let e): return e.description
        }
    }

    /// The modalities segmentation networks are trained for, one network each.
    public static let modalities = ["t1ce", "flair"]
}
