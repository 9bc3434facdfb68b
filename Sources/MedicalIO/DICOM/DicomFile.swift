import Foundation

/// A DICOM file: its File Meta Information (group 0002, empty when the file has none), the data
/// set, and the transfer syntax the data set was encoded with.
public struct DicomFile: Sendable {
    /// Where the file came from (path or caller-given name); used in every error.
    public var name: String
    /// Group 0002 elements (empty when the file has no meta header).
    public var meta: DicomDataSet
    /// The data set proper.
    public var dataSet: DicomDataSet
    /// How the data set was encoded.
    public var transferSyntax: TransferSyntax
    /// Whether the file had the 128-byte preamble and "DICM".
    public var hasPreamble: Bool
    /// Whether reading stopped before Pixel Data (`DicomReadOptions.stopBeforePixelData`).
    public var pixelDataSkipped: Bool
    /// Where in the file the first skipped element starts (not deflated files only).
    var skippedElementOffset: Int?

    public init(name: String, meta: DicomDataSet, dataSet: DicomDataSet, transferSyntax: TransferSyntax,
                hasPreamble: Bool = true, pixelDataSkipped: Bool = false) {
        self.name = name
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.hasPreamble = hasPreamble
        self.pixelDataSkipped = pixelDataSkipped
    }

    /// Reads and parses the file at `path` with a single read.
    public static func read(path: String, options: DicomReadOptions = DicomReadOptions()) throws(DicomError) -> DicomFile {
        try read(data: try readBytes(path: path), name: path, options: options)
    }

    /// Parses an in-memory file; `name` is used in errors.
    public static func read(data: Data, name: String, options: DicomReadOptions = DicomReadOptions()) throws(DicomError) -> DicomFile {
        try read(data: [UInt8](data), name: name, options: options)
    }

    /// Parses in-memory bytes; `name` is used in errors.
    public static func read(data b: [UInt8], name: String, options: DicomReadOptions = DicomReadOptions()) throws(DicomError) -> DicomFile {
        var pos = 0
        var hasPreamble = false
        if b.count >= 132, b[128] == 0x44, b[129] == 0x49, b[130] == 0x43, b[131] == 0x4D {
            pos = 132
            hasPreamble = true
        }
        // File Meta Information: always explicit VR little endian, group 0002.
        var meta = DicomDataSet()
        if b.count - pos >= 8, b[pos] == 0x02, b[pos + 1] == 0x00 {
            var parser = DicomParser(bytes: b, file: name, explicitVR: true, bigEndian: false, options: options)
            while b.count - pos >= 8, b[pos] == 0x02, b[pos + 1] == 0x00 {
                let h = try parser.readHeader(&pos, end: b.count)
                meta.set(try parser.parseValue(h, &pos, end: b.count, depth: 0, characterSet: .ascii))
            }
        } else if !hasPreamble {
            try checkPlausibleStart(b, at: pos, name: name)
        }
        var syntax: TransferSyntax
        if let uid = meta.string(.transferSyntaxUID) {
            syntax = TransferSyntax.from(uid: uid)
        } else {
            syntax = guessSyntax(b, at: pos)
        }
        var body = b
        var start = pos
        if syntax.deflated {
            let limit = max(64 << 20, (b.count - pos).multipliedReportingOverflow(by: options.maxInflateRatio).partialValue)
            body = try Inflate.raw(b[pos...], limit: limit, file: name)
            start = 0
        } else if meta.string(.transferSyntaxUID) != nil, !syntax.bigEndian, b.count - pos >= 6 {
            // Some writers declare one syntax and use another; trust the bytes for VR explicitness.
            let guessed = guessSyntax(b, at: pos)
            if guessed.explicitVR != syntax.explicitVR {
                syntax = TransferSyntax(uid: syntax.uid, name: syntax.name, explicitVR: guessed.explicitVR, bigEndian: false,
                                        deflated: false, pixelEncoding: syntax.pixelEncoding)
            }
        }
        var parser = DicomParser(bytes: body, file: name, explicitVR: syntax.explicitVR, bigEndian: syntax.bigEndian, options: options)
        var ds = try parser.parseDataSet(&start, end: body.count, delimited: false, depth: 0, characterSet: .ascii)
        if syntax.bigEndian, let px = ds[.pixelData], px.vr != .OB, case .bytes(var raw) = px.value {
            // OW data are words of BitsAllocated bits, not always 16 (e.g. 32-bit RT dose).
            let bits = ds.int(.bitsAllocated) ?? 16
            DicomParser.swapInPlace(&raw, unit: bits >= 16 ? bits / 8 : 0)
            ds.set(DicomElement(tag: .pixelData, vr: px.vr, value: .bytes(raw)))
        }
        var file = DicomFile(name: name, meta: meta, dataSet: ds, transferSyntax: syntax, hasPreamble: hasPreamble,
                             pixelDataSkipped: parser.stoppedAtPixelData)
        if parser.stoppedAtPixelData && !syntax.deflated { file.skippedElementOffset = parser.stopOffset }
        return file
    }

    /// Without a preamble the first element must look like a standard data set's start.
    static func checkPlausibleStart(_ b: [UInt8], at pos: Int, name: String) throws(DicomError) {
        guard b.count - pos >= 8 else { throw .notDicom(file: name, reason: "only \(b.count) bytes and no DICM preamble") }
        let le = UInt16(b[pos]) | UInt16(b[pos + 1]) << 8
        let be = UInt16(b[pos]) << 8 | UInt16(b[pos + 1])
        let ok = { (g: UInt16) in g >= 0x0002 && g <= 0x0028 && g & 1 == 0 }
        guard ok(le) || ok(be) else { throw .notDicom(file: name, reason: "no DICM preamble and no plausible first element") }
    }

    /// Infers the encoding of a data set with no (or an incomplete) meta header from its first
    /// element: a big-endian group number, or VR letters after the tag.
    static func guessSyntax(_ b: [UInt8], at pos: Int) -> TransferSyntax {
        guard b.count - pos >= 6 else { return .explicitVRLittleEndian }
        let le = UInt16(b[pos]) | UInt16(b[pos + 1]) << 8
        let explicit = VR(byte0: b[pos + 4], byte1: b[pos + 5]) != nil
        if le > 0x00FF && b[pos] == 0 && explicit { return .explicitVRBigEndian }
        return explicit ? .explicitVRLittleEndian : .implicitVRLittleEndian
    }

    /// One `read` of the whole file into memory.
    static func readBytes(path: String) throws(DicomError) -> [UInt8] {
        try readBytes(path: path, limit: Int.max).bytes
    }

    /// Reads at most `limit` bytes; `whole` tells whether that was the entire file.
    static func readBytes(path: String, limit: Int) throws(DicomError) -> (bytes: [UInt8], whole: Bool) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(file: path, reason: String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .io(file: path, reason: "not a regular file") }
        let fileSize = Int(st.st_size)
        let size = min(fileSize, limit)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            var off = 0
            while off < size {
                let n = Foundation.read(fd, buf.baseAddress! + off, size - off)
                if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); break }
                if n == 0 { break }
                off += n
            }
            count = off
        }
        if let failure { throw .io(file: path, reason: failure) }
        guard bytes.count == size else { throw .io(file: path, reason: "short read (\(bytes.count) of \(size) bytes)") }
        return (bytes, size == fileSize)
    }
}
