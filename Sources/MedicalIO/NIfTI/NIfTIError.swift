/// Why a NIfTI file could not be read or written. Every case names the file, so a message taken
/// out of a batch log still says which input was at fault.
public enum NIfTIError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read at all.
    case unreadable(path: String, reason: String)
    /// Fewer bytes than a header (348 for NIfTI-1, 540 for NIfTI-2) or than the voxels need.
    case truncated(path: String, expected: Int, actual: Int)
    /// `sizeof_hdr` is neither 348 nor 540 in either byte order, or the magic string is wrong.
    case notNIfTI(path: String, reason: String)
    /// `dim` is out of range: `dim[0]` outside 1…7, a non-positive extent, or a voxel count or
    /// byte size that overflows.
    case invalidDimensions(path: String, dims: [Int], reason: String)
    /// A datatype code we do not read (complex, RGB, float128, uint64, …).
    case unsupportedDatatype(path: String, code: Int)
    /// `vox_offset` is negative, lies inside the header, or points past the end of the data;
    /// `reason` says which, with the sizes involved.
    case invalidVoxOffset(path: String, offset: Int, reason: String)
    /// The gzip stream is corrupt or ends early.
    case compression(path: String, reason: String)
    /// The decompressed size the header implies is more than the compressed input could hold.
    case implausibleSize(path: String, declared: Int, limit: Int)
    /// Spacing, direction or affine values that do not describe a grid (NaN, zero, singular).
    case invalidGeometry(path: String, reason: String)
    /// Writing failed.
    case writeFailed(path: String, reason: String)
    /// The file holds several 3-D volumes (a 4-D series, or a CIFTI-like file whose spatial grid
    /// is 1×1×1) and the caller did not choose one.
    case multipleVolumes(path: String, dims: [Int], count: Int)
    /// Holding the voxels would exceed the memory budget.
    case memoryBudget(path: String, MemoryBudgetExceeded)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read NIfTI file: \(r)"
        case .truncated(let p, let e, let a): return "\(p): truncated NIfTI file: needs \(e) bytes, has \(a)"
        case .notNIfTI(let p, let r): return "\(p): not a NIfTI file: \(r)"
        case .invalidDimensions(let p, let d, let r): return "\(p): invalid NIfTI dimensions \(d): \(r)"
        case .unsupportedDatatype(let p, let c): return "\(p): unsupported NIfTI datatype code \(c)"
        case .invalidVoxOffset(let p, let o, let r): return "\(p): invalid vox_offset \(o): \(r)"
        case .compression(let p, let r): return "\(p): gzip error: \(r)"
        case .implausibleSize(let p, let d, let l):
            return "\(p): header declares \(d) bytes, more than the compressed input can hold (\(l))"
        case .invalidGeometry(let p, let r): return "\(p): invalid NIfTI geometry: \(r)"
        case .writeFailed(let p, let r): return "\(p): cannot write NIfTI file: \(r)"
        case .multipleVolumes(let p, let d, let n):
            let spatial = d.count > 3 && d[1...3].allSatisfy { $0 == 1 }
            return "\(p): holds \(n) volumes (dim \(d))"
                + (spatial ? "; its spatial grid is 1×1×1, so it is not an image (a CIFTI or surface file?)" : "")
                + "; choose one with --volume N (0…\(n - 1))"
        case .memoryBudget(_, let e): return e.description
        }
    }
}
