import Foundation

/// Reading and writing NIfTI-1 and NIfTI-2 single files (`.nii`, `.nii.gz`).
public enum NIfTI {
    /// Reads a `.nii` or `.nii.gz` file (gzip is recognised by content, not by name).
    public static func read(path: String) throws(NIfTIError) -> NIfTIImage {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Reads the first volume of a file as scaled `Float` voxels in LPS.
    public static func readVolume(path: String) throws(NIfTIError) -> ImageVolume {
        try read(path: path).volume()
    }

    /// Decodes a whole file held in memory; `path` only labels errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws(NIfTIError) -> NIfTIImage {
        let isGzip = data.withUnsafeBytes { GzipCodec.isGzip($0) }
        let (header, voxels) = isGzip ? try decodeGzip(data, path: path) : try decodeRaw(data, path: path)
        let (affine, geometry) = try grid(of: header, path: path)
        return NIfTIImage(path: path, header: header, data: voxels, affine: affine, geometry: geometry)
    }

    // MARK: - Uncompressed

    private static func decodeRaw(_ data: Data, path: String) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
        // `withUnsafeBytes` rethrows untyped errors; a Result keeps the type.
        try data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            Result { () throws(NIfTIError) in try decodeRaw(all, path: path) }
        }.get()
    }

    private static func decodeRaw(_ all: UnsafeRawBufferPointer, path: String) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
        let (h, voxelBytes) = try NIfTIHeader.parse(UnsafeRawBufferPointer(rebasing: all.prefix(540)), path: path)
        guard h.voxOffset <= all.count else {
            throw .invalidVoxOffset(path: path, offset: h.voxOffset, fileSize: all.count)
        }
        let (end, o) = h.voxOffset.addingReportingOverflow(voxelBytes)
        guard !o, end <= all.count else {
            throw .truncated(path: path, expected: o ? Int.max : end, actual: all.count)
        }
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
    private static func decodeGzip(_ data: Data, path: String) throws(NIfTIError) -> (NIfTIHeader, NIfTIVoxelData) {
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
                if n < want { throw .invalidVoxOffset(path: path, offset: h.voxOffset, fileSize: produced) }
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

    // MARK: - Geometry

    /// The affine nibabel would report and the LPS grid it describes.
    static func grid(of h: NIfTIHeader, path: String) throws(NIfTIError) -> (RASAffine, ImageGeometry) {
        let size = h.gridSize
        let pix = Point3(abs(h.pixdim[1]), abs(h.pixdim[2]), abs(h.pixdim[3]))
        var candidates: [RASAffine] = []
        if h.sformCode > 0 { candidates.append(RASAffine(rows: h.srow)) }
        if h.qformCode > 0 {
            candidates.append(RASAffine.fromQuaternion(h.quaternion, qfac: h.pixdim[0], pixdim: pix, offset: h.qoffset))
        }
        candidates.append(RASAffine.fallback(size: size, pixdim: pix))
        // A singular or non-finite sform falls back to the qform, then to pixdim.
        for affine in candidates {
            if let g = affine.geometry(size: size) { return (affine, g) }
        }
        throw .invalidGeometry(path: path, reason: "no usable sform, qform or pixdim \(h.pixdim)")
    }
}
