/// The Image Pixel module attributes that say how to interpret Pixel Data, validated with
/// overflow-checked arithmetic so a hostile header cannot request an impossible buffer.
public struct PixelDescription: Sendable, Hashable {
    public var rows: Int
    public var columns: Int
    public var frames: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var highBit: Int
    /// Two's complement samples (PixelRepresentation 1).
    public var isSigned: Bool
    /// 0: samples interleaved per pixel; 1: one plane per sample.
    public var planarConfiguration: Int
    public var photometricInterpretation: String

    /// Reads and validates the attributes of `dataSet`; `file` names errors.
    public init(dataSet ds: DicomDataSet, file: String) throws(DicomError) {
        guard let rows = ds.int(.rows) else { throw .missingAttribute(file: file, tag: .rows) }
        guard let columns = ds.int(.columns) else { throw .missingAttribute(file: file, tag: .columns) }
        guard let bitsAllocated = ds.int(.bitsAllocated) else { throw .missingAttribute(file: file, tag: .bitsAllocated) }
        self.rows = rows
        self.columns = columns
        self.frames = ds.int(.numberOfFrames) ?? 1
        self.samplesPerPixel = ds.int(.samplesPerPixel) ?? 1
        self.bitsAllocated = bitsAllocated
        self.bitsStored = ds.int(.bitsStored) ?? bitsAllocated
        self.highBit = ds.int(.highBit) ?? (bitsStored - 1)
        self.isSigned = (ds.int(.pixelRepresentation) ?? 0) == 1
        self.planarConfiguration = ds.int(.planarConfiguration) ?? 0
        self.photometricInterpretation = ds.string(.photometricInterpretation) ?? "MONOCHROME2"
        try validate(file: file)
    }

    public init(rows: Int, columns: Int, frames: Int = 1, samplesPerPixel: Int = 1, bitsAllocated: Int,
                bitsStored: Int, highBit: Int, isSigned: Bool, planarConfiguration: Int = 0,
                photometricInterpretation: String = "MONOCHROME2") {
        self.rows = rows; self.columns = columns; self.frames = frames
        self.samplesPerPixel = samplesPerPixel; self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored; self.highBit = highBit; self.isSigned = isSigned
        self.planarConfiguration = planarConfiguration; self.photometricInterpretation = photometricInterpretation
    }

    func validate(file: String) throws(DicomError) {
        guard rows > 0, columns > 0, rows <= 65535, columns <= 65535 else {
            throw .pixelData(file: file, reason: "invalid image size \(rows)×\(columns)")
        }
        guard frames > 0 else { throw .pixelData(file: file, reason: "invalid NumberOfFrames \(frames)") }
        guard [1, 3, 4].contains(samplesPerPixel) else {
            throw .pixelData(file: file, reason: "unsupported SamplesPerPixel \(samplesPerPixel)")
        }
        guard [1, 8, 16, 32].contains(bitsAllocated) else {
            throw .pixelData(file: file, reason: "unsupported BitsAllocated \(bitsAllocated)")
        }
        guard bitsStored >= 1, bitsStored <= bitsAllocated, highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw .pixelData(file: file, reason: "inconsistent BitsStored \(bitsStored) / HighBit \(highBit) for BitsAllocated \(bitsAllocated)")
        }
        guard samplesPerFrameChecked != nil, bytesPerFrameChecked != nil, totalSamplesChecked != nil else {
            throw .sizeOverflow(file: file, reason: "\(rows) × \(columns) × \(samplesPerPixel) samples × \(frames) frames")
        }
    }

    /// Samples in one frame (rows × columns × samples per pixel), overflow-checked.
    var samplesPerFrameChecked: Int? {
        let (a, o1) = rows.multipliedReportingOverflow(by: columns)
        let (b, o2) = a.multipliedReportingOverflow(by: samplesPerPixel)
        return o1 || o2 ? nil : b
    }
    /// Bytes of one native frame (bit-packed for BitsAllocated 1).
    var bytesPerFrameChecked: Int? {
        guard let s = samplesPerFrameChecked else { return nil }
        if bitsAllocated == 1 { return (s + 7) / 8 }
        let (b, o) = s.multipliedReportingOverflow(by: bitsAllocated / 8)
        return o ? nil : b
    }
    /// Samples in all frames, overflow-checked and capped at 2^31 so a header cannot ask for more.
    var totalSamplesChecked: Int? {
        guard let s = samplesPerFrameChecked else { return nil }
        let (t, o) = s.multipliedReportingOverflow(by: frames)
        return (o || t > Int(Int32.max)) ? nil : t
    }

    public var samplesPerFrame: Int { rows * columns * samplesPerPixel }
    public var bytesPerFrame: Int { bytesPerFrameChecked ?? 0 }
}
