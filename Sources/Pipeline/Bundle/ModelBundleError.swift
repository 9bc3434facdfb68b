/// Why a model bundle could not be written, read or verified. Every case names the file.
public enum ModelBundleError: Error, Equatable, CustomStringConvertible {
    /// The folder has no bundle.json.
    case missingDescription(path: String)
    /// A file could not be read.
    case unreadable(path: String, reason: String)
    /// bundle.json is not a bundle description (bad JSON, missing fields, unsafe file names).
    case malformed(path: String, reason: String)
    /// bundle.json declares a format newer than this MetOrigin reads.
    case newerFormat(path: String, found: Int, supported: Int)
    /// A file listed in bundle.json is absent.
    case missingFile(path: String)
    /// A file's content differs from the SHA-256 bundle.json records for it.
    case hashMismatch(path: String, expected: String, actual: String)
    /// A file name that cannot be part of a bundle (absolute, `..`, bundle.json itself, …).
    case invalidFileName(String)
    /// Writing bundle.json failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingDescription(let p): return "\(p): not a model bundle (no bundle.json)"
        case .unreadable(let p, let r): return "\(p): cannot read: \(r)"
        case .malformed(let p, let r): return "\(p): malformed bundle description: \(r)"
        case .newerFormat(let p, let found, let supported):
            return "\(p): bundle format \(found) is newer than this MetOrigin reads (format \(supported)); update MetOrigin"
        case .missingFile(let p): return "\(p): listed in bundle.json but missing"
        case .hashMismatch(let p, let e, let a): return "\(p): SHA-256 \(a) differs from the \(e) bundle.json records (the file was changed)"
        case .invalidFileName(let n): return "\"\(n)\": not a valid bundle file name (a relative path inside the bundle, not bundle.json)"
        case .writeFailed(let p, let r): return "\(p): cannot write: \(r)"
        }
    }
}
