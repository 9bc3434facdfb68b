/// Why a DICOM file, folder or pixel stream could not be read or written. Every case names the
/// file (or folder) and the problem, so a message is actionable on its own.
public enum DicomError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not DICOM at all (no preamble and no plausible first element).
    case notDicom(file: String, reason: String)
    /// The data end before a structure that needs `needed` bytes at `offset`.
    case truncated(file: String, offset: Int, needed: Int, available: Int)
    /// A declared length is larger than what is left, or otherwise impossible.
    case invalidLength(file: String, tag: DicomTag, offset: Int, length: UInt64, available: Int)
    /// A value that cannot be interpreted (bad VR, malformed item, inconsistent attribute).
    case invalidValue(file: String, tag: DicomTag?, offset: Int?, reason: String)
    /// Sequences nested deeper than the reader allows.
    case nestingTooDeep(file: String, offset: Int, limit: Int)
    /// A transfer syntax this library cannot decode.
    case unsupportedTransferSyntax(file: String, name: String, uid: String)
    /// A required attribute is absent or empty.
    case missingAttribute(file: String, tag: DicomTag)
    /// Pixel data disagree with the image attributes or cannot be decoded.
    case pixelData(file: String, reason: String)
    /// Rows × Columns × frames × bytes per sample overflows or exceeds what the data can hold.
    case sizeOverflow(file: String, reason: String)
    /// A compressed stream could not be decoded by the named codec.
    case codec(file: String, codec: String, reason: String)
    /// The file system refused (missing file, permission, short read).
    case io(file: String, reason: String)
    /// A series cannot be assembled into a volume (mixed geometry, missing slices, …).
    case series(folder: String, reason: String)
    /// A file could not be written.
    case write(file: String, reason: String)
    /// Holding the decoded voxels would exceed the memory budget.
    case memoryBudget(file: String, MemoryBudgetExceeded)

    /// The file or folder the error is about.
    public var file: String {
        switch self {
        case .notDicom(let f, _), .truncated(let f, _, _, _), .invalidLength(let f, _, _, _, _),
             .invalidValue(let f, _, _, _), .nestingTooDeep(let f, _, _), .unsupportedTransferSyntax(let f, _, _),
             .missingAttribute(let f, _), .pixelData(let f, _), .sizeOverflow(let f, _), .codec(let f, _, _),
             .io(let f, _), .series(let f, _), .write(let f, _), .memoryBudget(let f, _):
            return f
        }
    }

    public var description: String {
        switch self {
        case .notDicom(let f, let r): return "\(f): not a DICOM file (\(r))"
        case .truncated(let f, let o, let n, let a):
            return "\(f): truncated at byte \(o): needs \(n) bytes, \(a) left"
        case .invalidLength(let f, let t, let o, let l, let a):
            return "\(f): element \(t) at byte \(o) declares length \(l) but only \(a) bytes are left"
        case .invalidValue(let f, let t, let o, let r):
            let at = o.map { " at byte \($0)" } ?? ""
            let tag = t.map { " in \($0)" } ?? ""
            return "\(f): invalid value\(tag)\(at): \(r)"
        case .nestingTooDeep(let f, let o, let l):
            return "\(f): sequences nested deeper than \(l) levels at byte \(o)"
        case .unsupportedTransferSyntax(let f, let n, let u):
            return "\(f): unsupported transfer syntax \(n) (\(u))"
        case .missingAttribute(let f, let t): return "\(f): missing required attribute \(t)"
        case .pixelData(let f, let r): return "\(f): pixel data: \(r)"
        case .sizeOverflow(let f, let r): return "\(f): image size overflow: \(r)"
        case .codec(let f, let c, let r): return "\(f): \(c) decoding failed: \(r)"
        case .io(let f, let r): return "\(f): \(r)"
        case .series(let f, let r): return "\(f): \(r)"
        case .write(let f, let r): return "cannot write \(f): \(r)"
        case .memoryBudget(_, let e): return e.description
        }
    }
}
