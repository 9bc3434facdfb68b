/// Why a checkpoint could not be saved or restored; names the file.
public enum CheckpointError: Error, CustomStringConvertible, Sendable {
    /// The safetensors layer failed (I/O, corrupt file).
    case file(SafeTensorsError)
    /// The file is not a well-formed checkpoint.
    case invalid(file: String, reason: String)
    /// The checkpoint does not fit the objects given to restore it into.
    case mismatch(file: String, reason: String)
    /// libtorch failed while taking or restoring state.
    case torch(file: String, message: String)

    public var description: String {
        switch self {
        case .file(let e): return e.description
        case .invalid(let f, let r): return "checkpoint \(f): \(r)"
        case .mismatch(let f, let r): return "checkpoint \(f) does not match: \(r)"
        case .torch(let f, let m): return "checkpoint \(f): libtorch: \(m)"
        }
    }
}
