import MedicalIO
import Torch
import Training
import Vocabulary

/// Why a segmentation job stopped; each case carries the underlying typed error, which names
/// the file at fault.
public enum SegmentationJobError: Error, CustomStringConvertible {
    case manifest(ManifestError)
    case data(SegmentationDataError)
    case training(TrainingError)
    case model(SegmentationModelError)
    case image(ImageLoadError)
    /// A study could not be read or its series picked.
    case source(ImageSourceError)
    case engine(TorchError)
    case writeFailed(path: String, reason: String)
    case invalidArgument(String)
    /// The image is of another modality than the model was trained on.
    case modalityMismatch(path: String, model: String, image: String, reason: String)
    /// Some studies could not be processed; the others were.
    case studiesFailed([String])

    public var description: String {
        switch self {
        case .manifest(let e): return e.description
        case .data(let e): return e.description
        case .training(let e): return e.description
        case .model(let e): return e.description
        case .image(let e): return e.description
        case .source(let e): return e.description
        case .engine(let e): return "\(e)"
        case .writeFailed(let p, let r): return "cannot write \(p): \(r)"
        case .invalidArgument(let why): return why
        case .modalityMismatch(let p, let m, let i, let why):
            return "\(p): the series is \(i) (\(why)) but the model segments \(m); pass --any-modality to run it anyway"
        case .studiesFailed(let why): return "\(why.count) stud\(why.count == 1 ? "y" : "ies") failed:\n  " + why.joined(separator: "\n  ")
        }
    }
}
