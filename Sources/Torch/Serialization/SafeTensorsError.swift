/// Why a safetensors file could not be read or written. Every case names the file (or
/// "<memory>" for in-memory data) and the tensor concerned.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, read or written.
    case io(file: String, reason: String)
    /// Fewer than the 8 bytes of the header length.
    case truncated(file: String, size: Int)
    /// The header length is larger than the format allows (100 MB).
    case headerTooLarge(file: String, length: UInt64)
    /// The header length runs past the end of the file.
    case headerBeyondFile(file: String, length: UInt64, available: Int)
    /// The header is not the JSON object the format describes.
    case invalidHeader(file: String, reason: String)
    /// A dtype outside F32/F16/BF16/F64/I64/I32/U8/BOOL.
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A negative dimension, or one whose element count overflows.
    case invalidShape(file: String, tensor: String, shape: [Int])
    /// `data_offsets` not a pair `[begin, end]` with `0 <= begin <= end`.
    case invalidOffsets(file: String, tensor: String, offsets: [Int])
    /// The byte range does not hold exactly `shape`'s elements of `dtype`.
    case sizeMismatch(file: String, tensor: String, expected: Int, actual: Int)
    /// The byte range ends past the data in the file.
    case offsetsOutOfRange(file: String, tensor: String, end: Int, available: Int)
    /// Two tensors' byte ranges overlap.
    case overlap(file: String, tensor: String, other: String)
    /// Bytes between two tensors (or before the first) that no tensor covers.
    case gap(file: String, tensor: String, start: Int, expected: Int)
    /// Bytes after the last tensor.
    case trailingBytes(file: String, count: Int)
    /// A BOOL tensor holding a byte other than 0 or 1.
    case invalidBool(file: String, tensor: String)
    /// A tensor named `__metadata__` (reserved), or a name that is empty.
    case invalidName(file: String, name: String)
    /// libtorch failed to make or read a tensor.
    case torch(file: String, tensor: String, message: String)

    public var file: String {
        switch self {
        case .io(let f, _), .truncated(let f, _), .headerTooLarge(let f, _), .headerBeyondFile(let f, _, _),
             .invalidHeader(let f, _), .unsupportedDType(let f, _, _), .invalidShape(let f, _, _),
             .invalidOffsets(let f, _, _), .sizeMismatch(let f, _, _, _), .offsetsOutOfRange(let f, _, _, _),
             .overlap(let f, _, _), .gap(let f, _, _, _), .trailingBytes(let f, _), .invalidBool(let f, _),
             .invalidName(let f, _), .torch(let f, _, _):
            return f
        }
    }

    public var description: String {
        let problem: String
        switch self {
        case .io(_, let reason): problem = reason
        case .truncated(_, let size): problem = "truncated: \(size) bytes, the header length alone needs 8"
        case .headerTooLarge(_, let length): problem = "header length \(length) exceeds the 100 MB limit"
        case .headerBeyondFile(_, let length, let available):
            problem = "header length \(length) runs past the end of the file (\(available) bytes after the length field)"
        case .invalidHeader(_, let reason): problem = "invalid header: \(reason)"
        case .unsupportedDType(_, let t, let d): problem = "tensor '\(t)': unsupported dtype '\(d)'"
        case .invalidShape(_, let t, let s): problem = "tensor '\(t)': invalid shape \(s)"
        case .invalidOffsets(_, let t, let o): problem = "tensor '\(t)': invalid data_offsets \(o)"
        case .sizeMismatch(_, let t, let e, let a):
            problem = "tensor '\(t)': shape and dtype need \(e) bytes, data_offsets span \(a)"
        case .offsetsOutOfRange(_, let t, let end, let available):
            problem = "tensor '\(t)': data ends at byte \(end), the file has \(available) data bytes"
        case .overlap(_, let t, let o): problem = "tensors '\(o)' and '\(t)' overlap"
        case .gap(_, let t, let start, let expected):
            problem = "tensor '\(t)' starts at byte \(start), expected \(expected) (uncovered bytes)"
        case .trailingBytes(_, let n): problem = "\(n) bytes after the last tensor"
        case .invalidBool(_, let t): problem = "tensor '\(t)': BOOL data holds a byte other than 0 or 1"
        case .invalidName(_, let n): problem = "invalid tensor name '\(n)'"
        case .torch(_, let t, let m): problem = "tensor '\(t)': libtorch: \(m)"
        }
        return "safetensors \(file): \(problem)"
    }
}
