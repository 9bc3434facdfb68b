/// Why a DICOM Segmentation could not be written or read. Every case names the file (or the
/// argument) and the problem.
public enum SegmentationError: Error, Equatable, CustomStringConvertible {
    /// The builder's inputs do not fit together (masks off the series grid, duplicate labels, …).
    case invalidArgument(String)
    /// Writing the file failed.
    case writeFailed(path: String, reason: String)
    /// The file could not be read as DICOM.
    case unreadable(path: String, reason: String)
    /// The file is DICOM but not a Segmentation, or one of a kind MetOrigin does not read.
    case notSegmentation(path: String, reason: String)
    /// A required attribute is missing or inconsistent.
    case malformed(path: String, reason: String)
    /// A frame does not lie on the grid it is read onto.
    case geometryMismatch(path: String, reason: String)
    /// The segment number is not in SegmentSequence.
    case unknownSegment(path: String, number: Int, available: [Int])

    public var description: String {
        switch self {
        case .invalidArgument(let r): return "SEG: \(r)"
        case .writeFailed(let p, let r): return "\(p): cannot write SEG: \(r)"
        case .unreadable(let p, let r): return "\(p): cannot read SEG: \(r)"
        case .notSegmentation(let p, let r): return "\(p): not a readable SEG: \(r)"
        case .malformed(let p, let r): return "\(p): malformed SEG: \(r)"
        case .geometryMismatch(let p, let r): return "\(p): SEG frames do not lie on the image grid: \(r)"
        case .unknownSegment(let p, let n, let a):
            return "\(p): no segment \(n) (segments: \(a.map(String.init).joined(separator: ", ")))"
        }
    }
}
