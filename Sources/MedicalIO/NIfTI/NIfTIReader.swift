import Foundation

/// Reading and writing NIfTI-1 and NIfTI-2 single files (`.nii`, `.nii.gz`).
public enum NIfTI {
    /// Reads a `.nii` or `.nii.gz` file (gzip is recognised by content, not by name). The stored
    /// voxels are refused before allocation when they exceed `budget`.
    public static func read(path: String, budget: MemoryBudget = .current) throws(NIfTIError) -> NIfTIImage {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path, budget: budget)
    }

    /// Reads one 3-D volume of a file as scaled `Float` voxels in LPS: the only one of a 3-D
    /// file, or volume `volume` of a 4-D one (which is refused when `volume` is `nil`).
    public static func readVolume(path: String, volume: Int? = nil, budget: MemoryBudget = .current) throws(NIfTIError) -> ImageVolume {
        try read(path: path, budget: budget).volume(at: volume, budget: budget)
    }

    /// Decodes a whole file held in memory; `path` only labels errors.
    public static func decode(_ data: Data, path: String = "<memory>", budget: MemoryBudget = .current) throws(NIfTIError) -> NIfTIImage {
        let isGzip = data.withUnsafeBytes { GzipCodec.isGzip($0) }
        let (header, voxels) = isGzip ? try decodeGzip(data, path: path, budget: budget)
                                      : try decodeRaw(data, path: path, budget: budget)
        let (affine, geometry, warnings) = try NIfTIGrid.choose(header, path: path)
        return NIfTIImage(path: path, header: header, data: voxels, affine: affine, geometry: geometry, warnings: warnings)
    }

    /// Refuses stored voxels that exceed the budget, before they are allocated.
    static func reserve(_ h: NIfTIHeader, bytes: Int, path: String, budget: MemoryBudget) throws(NIfTIError) {
        do { try budget.check(bytes, for: "\(path): \(h.shape.map(String.init).joined(separator: "×")) \(h.datatype) voxels") } catch {
            throw .memoryBudget(path: path, error)
        }
    }

    // MARK: - Uncompressed

    private static func decodeRaw(_ data: Data, path: String, budget: MemoryBudget) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
        // `withUnsafeBytes` rethrows untyped errors; a Result keeps the type.
        try data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            Result { () throws(NIfTIError) in try decodeRaw(all, path: path, budget: budget) }
        }.get()
    }

    private static func decodeRaw(_ all: UnsafeRawBufferPointer, path: String, budget: MemoryBudget) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
        let (h, voxelBytes) = try NIfTIHeader.parse(UnsafeRawBufferPointer(rebasing: all.prefix(540)), path: path)
        guard h.voxOffset <= all.count else {
            throw .invalidVoxOffset(path: path, offset: h.voxOffset, reason: "the file has only \(all.count) bytes")
        }
        let (end, o) = h.voxOffset.addingReportingOverflow(voxelBytes)
        guard !o, end <= all.count else {
            throw .truncated(path: path, expected: o ? Int.max : end, actual: all.count)
        }
        try reserve(h, bytes: voxelBytes, path: path, budget: budget)
        let count = voxelBytes / h.datatype.byteSize
        let voxels = try NIfTIVoxelData.load(h.datatype, count: count, swap: h.isBigEndian != hostIsBigEndian) {
            (dst: UnsafeMutableRawBufferPointer) throws(NIfTIError) in
            dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[h.voxOffset..<end]))
        }
        return (h, voxels)
    }

    // MARK: - gzip

    /// Inflates only as much as the header says the file holds: the header first, then exactly
    /// `vox_offset + voxel bytes`. A stream that would inflate further (a gzip bomb) is never
    /// read past that point, and a header declaring more than the compressed size could hold is
    /// refused before anything is allocated.
    private static func decodeGzip(_ data: Data, path: String, budget: MemoryBudget) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
        let inflater: GzipInflater
        do throws(GzipFailure) { inflater = try GzipInflater(data) } catch { throw .compression(path: path, reason: error.reason) }
        var head = [UInt8](repeating: 0, count: 540)
        let got: Int
        do throws(GzipFailure) {
            got = try head.withUnsafeMutableBytes { b in Result { () throws(GzipFailure) in try inflater.read(into: b) } }.get()
        } catch {
            throw .compression(path: path, reason: error.reason)
        }
        let (h, voxelBytes) = try head.withUnsafeBytes { b in
            Result { () throws(NIfTIError) in try NIfTIHeader.parse(UnsafeRawBufferPointer(rebasing: b.prefix(got)), path: path) }
        }.get()
        let (end, o) = h.voxOffset.addingReportingOverflow(voxelBytes)
        let limit = GzipCodec.maximumInflatedSize(compressedSize: data.count)
        guard !o, end <= limit else { throw .implausibleSize(path: path, declared: o ? Int.max : end, limit: limit) }
        try reserve(h, bytes: voxelBytes, path: path, budget: budget)

        // Skip any extensions between the bytes already inflated and vox_offset.
        var produced = got
        if h.voxOffset > got {
            var scratch = [UInt8](repeating: 0, count: min(h.voxOffset - got, 1 << 16))
            while produced < h.voxOffset {
                let want = min(scratch.count, h.voxOffset - produced)
                let n: Int
                do throws(GzipFailure) {
                    n = try scratch.withUnsafeMutableBytes { b in
                        Result { () throws(GzipFailure) in
                            try inflater.read(into: UnsafeMutableRawBufferPointer(rebasing: b.prefix(want)))
                        }
                    }.get()
                } catch { throw .compression(path: path, reason: error.reason) }
                produced += n
                if n < want {
                    throw .invalidVoxOffset(path: path, offset: h.voxOffset,
                                            reason: "the decompressed data end after \(produced) bytes")
                }
            }
        }
        let prefix = h.voxOffset < got ? Array(head[h.voxOffset..<got]) : []
        let count = voxelBytes / h.datatype.byteSize
        let voxels = try NIfTIVoxelData.load(h.datatype, count: count, swap: h.isBigEndian != hostIsBigEndian) {
            (dst: UnsafeMutableRawBufferPointer) throws(NIfTIError) in
            let k = min(prefix.count, dst.count)
            prefix.withUnsafeBytes { dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(k))) }
            guard k < dst.count else { return }
            let rest = UnsafeMutableRawBufferPointer(rebasing: dst[k...])
            let n: Int
            do throws(GzipFailure) { n = try inflater.read(into: rest) } catch { throw .compression(path: path, reason: error.reason) }
            if n < rest.count {
                throw .truncated(path: path, expected: end, actual: h.voxOffset + k + n)
            }
        }
        return (h, voxels)
    }
}
