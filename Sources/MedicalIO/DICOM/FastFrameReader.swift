import Foundation

/// Reads native single-sample images straight from a reusable file buffer into float volumes:
/// one `read` per file, the header parsed from a small copy, and the pixel values converted in
/// place — no per-file allocation of the pixel data (fresh half-megabyte arrays per slice cost
/// more in page faults than the conversion itself). Anything unusual falls back to the general
/// `DicomFile` + `DicomPixelDecoder` path.
struct FastFrameReader: ~Copyable {
    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0
    /// Header bytes copied for parsing before retrying with the whole file.
    static let headerCopy = 64 * 1024

    init() {}
    deinit { buffer?.deallocate() }

    /// Decodes `targets` (frames of the file at `path`) into their destinations.
    mutating func decode(path: String, targets: [DicomPixelDecoder.FrameTarget]) throws(DicomError) {
        let n = try load(path)
        guard let base = buffer else { throw .io(file: path, reason: "empty file") }
        let headerBytes = [UInt8](UnsafeRawBufferPointer(start: base, count: min(n, Self.headerCopy)))
        let options = DicomReadOptions(stopBeforePixelData: true)
        var header: DicomFile?
        do {
            header = try DicomFile.read(data: headerBytes, name: path, options: options)
        } catch {
            header = nil  // header longer than the copy, or damaged: the general path decides
        }
        if let file = header, let offset = file.skippedElementOffset, !file.transferSyntax.isEncapsulated,
           !file.transferSyntax.bigEndian, !file.transferSyntax.deflated,
           let d = try? PixelDescription(dataSet: file.dataSet, file: path),
           d.samplesPerPixel == 1, d.bitsAllocated == 8 || d.bitsAllocated == 16,
           let value = pixelValue(at: offset, in: UnsafeRawBufferPointer(start: base, count: n), explicitVR: file.transferSyntax.explicitVR) {
            try DicomPixelDecoder.convertNative(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(start: base, count: n)[value]),
                                                d, targets: targets, file: path)
            return
        }
        try DicomPixelDecoder.decodeFloat(try DicomFile.read(path: path), targets: targets)
    }

    /// The byte range of a defined-length Pixel Data value whose element header starts at `offset`.
    private func pixelValue(at offset: Int, in b: UnsafeRawBufferPointer, explicitVR: Bool) -> Range<Int>? {
        guard offset >= 0, b.count - offset >= 12 else { return nil }
        func u16(_ p: Int) -> Int { Int(b[p]) | Int(b[p + 1]) << 8 }
        func u32(_ p: Int) -> Int { u16(p) | u16(p + 2) << 16 }
        guard u16(offset) == 0x7FE0, u16(offset + 2) == 0x0010 else { return nil }
        let start: Int, length: Int
        if explicitVR {
            guard (b[offset + 4] == 0x4F && (b[offset + 5] == 0x42 || b[offset + 5] == 0x57)) else { return nil }  // OB/OW
            length = u32(offset + 8); start = offset + 12
        } else {
            length = u32(offset + 4); start = offset + 8
        }
        guard length != 0xFFFF_FFFF, length <= b.count - start else { return nil }
        return start..<(start + length)
    }

    /// Reads the whole file into the reusable buffer; returns its size.
    private mutating func load(_ path: String) throws(DicomError) -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw .io(file: path, reason: "not a readable regular file") }
        let size = Int(st.st_size)
        if size > capacity || buffer == nil {
            buffer?.deallocate()
            capacity = max(size, 4096)
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        guard let base = buffer else { throw .io(file: path, reason: "allocation failed") }
        var off = 0
        while off < size {
            let r = Foundation.read(fd, base + off, size - off)
            if r < 0 { if errno == EINTR { continue }; throw .io(file: path, reason: String(cString: strerror(errno))) }
            if r == 0 { break }
            off += r
        }
        guard off == size else { throw .io(file: path, reason: "short read (\(off) of \(size) bytes)") }
        return size
    }
}
