/// Why an RTSTRUCT could not be read, matched, rasterised or written. Cases that concern a file
/// name it, so a message taken out of a batch log still says which input was at fault.
public enum RTStructError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read as DICOM at all.
    case unreadable(path: String, reason: String)
    /// The data set is not an RT Structure Set (wrong SOP class or modality).
    case notRTStruct(path: String, reason: String)
    /// A required attribute is absent or malformed.
    case malformed(path: String, reason: String)
    /// The structure set's frame of reference or referenced series differs from the image's.
    case referenceMismatch(path: String, reason: String)
    /// The image series could not be found, chosen or assembled.
    case imageSeries(path: String, reason: String)
    /// No ROI with that name or number.
    case unknownROI(path: String, roi: String, available: [String])
    /// A caller-supplied argument is out of range (grid, sub-samples, empty masks, …).
    case invalidArgument(String)
    /// One slice's polygons cross the image rows so often that filling them would need far more
    /// memory than any real contour does.
    case contoursTooComplex(slice: Int, points: Int)
    /// Writing the structure set failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read RTSTRUCT: \(r)"
        case .notRTStruct(let p, let r): return "\(p): not an RTSTRUCT: \(r)"
        case .malformed(let p, let r): return "\(p): malformed RTSTRUCT: \(r)"
        case .referenceMismatch(let p, let r): return "\(p): RTSTRUCT does not match the image series: \(r)"
        case .imageSeries(let p, let r): return "\(p): image series: \(r)"
        case .unknownROI(let p, let roi, let available):
            return "\(p): no ROI \"\(roi)\"; available: \(available.joined(separator: ", "))"
        case .invalidArgument(let r): return "RTSTRUCT: \(r)"
        case .contoursTooComplex(let k, let n):
            return "RTSTRUCT: the \(n) contour points on slice \(k) cross the image rows too often to rasterise"
        case .writeFailed(let p, let r): return "\(p): cannot write RTSTRUCT: \(r)"
        }
    }
}
