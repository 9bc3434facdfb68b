import Foundation

/// Identity and description of a written series. UIDs derive from `seed`, so the same volume
/// and options always give byte-identical files.
public struct DicomSeriesWriterOptions: Sendable {
    public var seed: UInt64
    public var patientName: String
    public var patientID: String
    public var studyDescription: String
    public var seriesDescription: String
    public var seriesNumber: Int
    /// DA (YYYYMMDD) and TM (HHMMSS) written as study, series and content date/time.
    public var date: String
    public var time: String
    /// Existing study / frame of reference to join (e.g. the source images'); generated if nil.
    public var studyInstanceUID: String?
    public var frameOfReferenceUID: String?

    public init(seed: UInt64 = 0, patientName: String = "Anonymous^Patient", patientID: String = "METORIGIN",
                studyDescription: String = "MetOrigin", seriesDescription: String = "MetOrigin volume",
                seriesNumber: Int = 1, date: String = "20000101", time: String = "000000",
                studyInstanceUID: String? = nil, frameOfReferenceUID: String? = nil) {
        self.seed = seed; self.patientName = patientName; self.patientID = patientID
        self.studyDescription = studyDescription; self.seriesDescription = seriesDescription
        self.seriesNumber = seriesNumber; self.date = date; self.time = time
        self.studyInstanceUID = studyInstanceUID; self.frameOfReferenceUID = frameOfReferenceUID
    }
}

/// Writes a `Volume` as an MR Image Storage series: one Explicit VR Little Endian file per slice,
/// 16-bit stored values with RescaleSlope/Intercept chosen to keep the float values.
public enum DicomSeriesWriter {
    public static let mrImageStorage = "1.2.840.10008.5.1.4.1.1.4"

    /// How float values map to 16-bit stored values.
    public struct Encoding: Sendable, Hashable {
        public var signed: Bool
        public var slope: Double
        public var intercept: Double
    }

    /// Integral values that fit 16 bits are stored exactly (slope 1); anything else is spread
    /// over the full unsigned range between the minimum and maximum.
    @_specialize(where S == Int16)
    @_specialize(where S == Float)
    public static func encoding<S: VoxelScalar>(for values: [S]) -> Encoding {
        encoding(of: ValueRange(values))
    }

    /// Finite minimum and maximum and whether every finite value is integral, in one pass.
    struct ValueRange {
        var lo = Double.infinity, hi = -Double.infinity, integral = true

        @_specialize(where S == Int16)
        @_specialize(where S == Float)
        init<S: VoxelScalar>(_ values: [S]) {
            values.withUnsafeBufferPointer { buffer in
                for v in buffer {
                    let d = Double(v.floatValue)
                    guard d.isFinite else { continue }
                    lo = min(lo, d); hi = max(hi, d)
                    if integral && d != d.rounded() { integral = false }
                }
            }
        }
    }

    static func encoding(of range: ValueRange) -> Encoding {
        let (lo, hi) = (range.lo, range.hi)
        guard lo.isFinite else { return Encoding(signed: false, slope: 1, intercept: 0) }
        if range.integral && lo >= 0 && hi <= 65535 { return Encoding(signed: false, slope: 1, intercept: 0) }
        if range.integral && lo >= -32768 && hi <= 32767 { return Encoding(signed: true, slope: 1, intercept: 0) }
        let slope = hi > lo ? (hi - lo) / 65535 : 1
        return Encoding(signed: false, slope: slope, intercept: lo)
    }

    /// One slice's stored values as little-endian 16-bit bytes. Specialised for the scalar types
    /// the cohort and converters write: the generic loop costs more than rendering the slice.
    @_specialize(where S == Int16)
    @_specialize(where S == Float)
    static func pixelBytes<S: VoxelScalar>(_ voxels: [S], range: Range<Int>, encoding enc: Encoding) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count * 2)
        // DS text holds ~16 digits; quantise with the slope/intercept exactly as written.
        let slope = Double(DicomDataSet.formatDS(enc.slope)) ?? enc.slope
        let intercept = Double(DicomDataSet.formatDS(enc.intercept)) ?? enc.intercept
        voxels.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { out in
                for i in 0..<range.count {
                    let d = Double(source[range.lowerBound + i].floatValue)
                    var s = d.isFinite ? ((d - intercept) / slope).rounded() : 0
                    s = enc.signed ? min(max(s, -32768), 32767) : min(max(s, 0), 65535)
                    let u = enc.signed ? UInt16(bitPattern: Int16(s)) : UInt16(s)
                    out[2 * i] = UInt8(u & 0xFF); out[2 * i + 1] = UInt8(u >> 8)
                }
            }
        }
        return bytes
    }

    /// The data sets of every slice (in k order).
    @_specialize(where S == Int16)
    @_specialize(where S == Float)
    public static func dataSets<S: VoxelScalar>(for volume: Volume<S>, options: DicomSeriesWriterOptions = DicomSeriesWriterOptions()) throws(DicomError) -> [DicomDataSet] {
        let g = volume.geometry
        guard g.size.x > 0, g.size.y > 0, g.size.z > 0, g.size.x <= 65535, g.size.y <= 65535 else {
            throw .write(file: "<series>", reason: "cannot write a \(g.size) volume as DICOM slices")
        }
        let valueRange = ValueRange(volume.voxels)
        let enc = encoding(of: valueRange)
        let seed = options.seed
        let study = options.studyInstanceUID ?? DicomUID.make(seed: seed, "study")
        let series = DicomUID.make(seed: seed, "series", String(options.seriesNumber))
        let frame = options.frameOfReferenceUID ?? DicomUID.make(seed: seed, "frame-of-reference")
        let row = g.direction.column(0), col = g.direction.column(1), kdir = g.direction.column(2)
        let normal = Point3(row.y * col.z - row.z * col.y, row.z * col.x - row.x * col.z, row.x * col.y - row.y * col.x)
        let plane = g.size.x * g.size.y
        var out: [DicomDataSet] = []
        out.reserveCapacity(g.size.z)
        let (lo, hi) = (valueRange.lo, valueRange.hi)
        for k in 0..<g.size.z {
            var ds = DicomDataSet()
            ds.characterSet = .utf8
            ds.set(.specificCharacterSet, .CS, "ISO_IR 192")
            ds.set(.imageType, .CS, strings: ["DERIVED", "SECONDARY", "OTHER"])
            ds.set(.sopClassUID, .UI, mrImageStorage)
            ds.set(.sopInstanceUID, .UI, DicomUID.make(seed: seed, "instance", String(options.seriesNumber), String(k)))
            ds.set(.studyDate, .DA, options.date); ds.set(.seriesDate, .DA, options.date); ds.set(.contentDate, .DA, options.date)
            ds.set(.studyTime, .TM, options.time); ds.set(.seriesTime, .TM, options.time); ds.set(.contentTime, .TM, options.time)
            ds.set(.accessionNumber, .SH, "")
            ds.set(.modality, .CS, "MR")
            ds.set(.manufacturer, .LO, "MetOrigin")
            ds.set(.referringPhysicianName, .PN, "")
            ds.set(.studyDescription, .LO, options.studyDescription)
            ds.set(.seriesDescription, .LO, options.seriesDescription)
            ds.set(.patientName, .PN, options.patientName)
            ds.set(.patientID, .LO, options.patientID)
            ds.set(.patientBirthDate, .DA, "")
            ds.set(.patientSex, .CS, "")
            ds.set(.scanningSequence, .CS, "RM")
            ds.set(.sequenceVariant, .CS, "NONE")
            ds.set(.scanOptions, .CS, "")
            ds.set(.mrAcquisitionType, .CS, "3D")
            ds.set(.sliceThickness, decimals: [abs(g.spacing.z)])
            ds.set(.repetitionTime, .DS, "")
            ds.set(.echoTime, .DS, "")
            ds.set(.spacingBetweenSlices, decimals: [abs(g.spacing.z)])
            ds.set(.echoTrainLength, .IS, "")
            ds.set(.patientPosition, .CS, "")
            ds.set(.studyInstanceUID, .UI, study)
            ds.set(.seriesInstanceUID, .UI, series)
            ds.set(.studyID, .SH, "1")
            ds.set(.laterality, .CS, "")
            ds.set(.seriesNumber, .IS, String(options.seriesNumber))
            ds.set(.instanceNumber, .IS, String(k + 1))
            let p = g.origin + kdir * (g.spacing.z * Double(k))
            ds.set(.imagePositionPatient, decimals: [p.x, p.y, p.z])
            ds.set(.imageOrientationPatient, decimals: [row.x, row.y, row.z, col.x, col.y, col.z])
            ds.set(.frameOfReferenceUID, .UI, frame)
            ds.set(.positionReferenceIndicator, .LO, "")
            ds.set(.sliceLocation, decimals: [(p * normal).sum()])
            ds.set(.samplesPerPixel, uint16: [1])
            ds.set(.photometricInterpretation, .CS, "MONOCHROME2")
            ds.set(.rows, uint16: [UInt16(g.size.y)])
            ds.set(.columns, uint16: [UInt16(g.size.x)])
            ds.set(.pixelSpacing, decimals: [g.spacing.y, g.spacing.x])
            ds.set(.bitsAllocated, uint16: [16])
            ds.set(.bitsStored, uint16: [16])
            ds.set(.highBit, uint16: [15])
            ds.set(.pixelRepresentation, uint16: [enc.signed ? 1 : 0])
            if lo.isFinite && hi > lo {
                ds.set(.windowCenter, decimals: [(lo + hi) / 2])
                ds.set(.windowWidth, decimals: [hi - lo])
            }
            ds.set(.rescaleIntercept, decimals: [enc.intercept])
            ds.set(.rescaleSlope, decimals: [enc.slope])
            ds.set(.rescaleType, .LO, "US")
            let bytes = pixelBytes(volume.voxels, range: (k * plane)..<((k + 1) * plane), encoding: enc)
            ds.set(.pixelData, .OW, bytes: bytes)
            out.append(ds)
        }
        return out
    }

    /// Writes the series into `folder` (created if needed) as `IM000001.dcm`, …; returns the paths.
    @discardableResult
    public static func write<S: VoxelScalar>(_ volume: Volume<S>, to folder: String, options: DicomSeriesWriterOptions = DicomSeriesWriterOptions()) throws(DicomError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .write(file: folder, reason: "cannot create folder: \(error.localizedDescription)")
        }
        var paths: [String] = []
        for (k, ds) in try dataSets(for: volume, options: options).enumerated() {
            let name = String(format: "IM%06d.dcm", k + 1)
            let path = (folder as NSString).appendingPathComponent(name)
            try DicomWriter.write(ds, to: path)
            paths.append(path)
        }
        return paths
    }
}
