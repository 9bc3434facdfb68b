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
    /// A NIfTI tumour mask is not on its image's grid (both geometries described).
    case maskOffGrid(path: String, mask: String, image: String)
    /// A NIfTI tumour mask holds values other than 0 and 1 without declaring a label map
    /// (intent code NIFTI_INTENT_LABEL); lists the first few.
    case maskNotBinary(path: String, values: [String])
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
        case .maskOffGrid(let path, let mask, let image):
            return "\(path): the tumour mask is not on its image's grid (tolerance \(TrainingMaskCheck.tolerance)): "
                + "mask \(mask); image \(image)"
        case .maskNotBinary(let path, let values):
            return "\(path): the tumour mask holds \(values.joined(separator: ", ")), not only 0 and 1; write it as 0/1, or as a "
                + "label map with NIfTI intent code \(TrainingMaskCheck.labelIntent) (NIFTI_INTENT_LABEL) where any non-zero label is tumour"
        case .unknownModality(let m): return "modality '\(m)' is not t1ce or flair"
        case .noContouredStudies(let manifest, let m): return "\(manifest): no contoured \(m) study to train on"
        case .manifest(let e): return e.description
        }
    }

    /// The modalities segmentation networks are trained for, one network each.
    public static let modalities = ["t1ce", "flair"]
}
