import Foundation

/// A binary DICOM Segmentation read from a file: its segments and frames, and the masks placed
/// back on an image grid. Reads what `SegmentationBuilder` writes and binary SEGs from other
/// tools (highdicom, dcmqi) in any uncompressed transfer syntax; fractional segmentations and
/// compressed pixel data are refused with a typed error.
public struct SegmentationObject: Sendable {
    /// One entry of SegmentSequence.
    public struct Segment: Sendable, Equatable {
        public var number: Int
        public var label: String
        public var category: CodedConcept?
        public var type: CodedConcept?
        public var algorithmType: String
        public var algorithmName: String
    }

    /// One frame: which segment it belongs to, where it lies and which source image it came from.
    public struct Frame: Sendable {
        public var segment: Int
        public var geometry: DicomFrameGeometry
        public var sourceSOPInstanceUIDs: [String]
    }

    public var path: String
    public var sopInstanceUID: String
    public var seriesInstanceUID: String
    public var frameOfReferenceUID: String?
    /// SeriesInstanceUIDs of ReferencedSeriesSequence (the source series).
    public var referencedSeriesInstanceUIDs: [String]
    public var segments: [Segment]
    public var frames: [Frame]
    public var rows: Int
    public var columns: Int
    /// The packed 1-bit pixel stream (frames back to back, not byte-aligned).
    var bits: [UInt8]

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws(SegmentationError) -> SegmentationObject {
        let file: DicomFile
        do { file = try DicomFile.read(path: path) } catch { throw .unreadable(path: path, reason: error.description) }
        return try SegmentationObject(dataSet: file.dataSet, path: path)
    }

    /// Parses a data set already read; `path` names it in errors.
    public init(dataSet ds: DicomDataSet, path: String) throws(SegmentationError) {
        self.path = path
        guard ds.string(.sopClassUID) == SegmentationBuilder.sopClassUID else {
            throw .notSegmentation(path: path, reason: "SOPClassUID is \(ds.string(.sopClassUID) ?? "absent"), not Segmentation Storage")
        }
        guard ds.string(.segmentationType) == "BINARY" else {
            throw .notSegmentation(path: path, reason: "SegmentationType \(ds.string(.segmentationType) ?? "absent"): only BINARY is read")
        }
        guard let sop = ds.string(.sopInstanceUID), let series = ds.string(.seriesInstanceUID) else {
            throw .malformed(path: path, reason: "SOPInstanceUID or SeriesInstanceUID missing")
        }
        sopInstanceUID = sop
        seriesInstanceUID = series
        frameOfReferenceUID = ds.string(.frameOfReferenceUID)
        referencedSeriesInstanceUIDs = (ds.sequence(.referencedSeriesSequence) ?? []).compactMap { $0.string(.seriesInstanceUID) }
        guard let rows = ds.int(.rows), let columns = ds.int(.columns), rows > 0, columns > 0 else {
            throw .malformed(path: path, reason: "Rows and Columns must be positive")
        }
        self.rows = rows
        self.columns = columns
        guard ds.int(.bitsAllocated) == 1, (ds.int(.samplesPerPixel) ?? 1) == 1 else {
            throw .malformed(path: path, reason: "a binary SEG has BitsAllocated 1 and one sample per pixel")
        }

        segments = []
        for item in ds.sequence(.segmentSequence) ?? [] {
            guard let n = item.int(.segmentNumber) else { throw .malformed(path: path, reason: "a segment without SegmentNumber") }
            segments.append(Segment(number: n, label: item.string(.segmentLabel) ?? "",
                                    category: CodedConcept(in: item, .segmentedPropertyCategoryCodeSequence),
                                    type: CodedConcept(in: item, .segmentedPropertyTypeCodeSequence),
                                    algorithmType: item.string(.segmentAlgorithmType) ?? "",
                                    algorithmName: item.string(.segmentAlgorithmName) ?? ""))
        }
        guard !segments.isEmpty else { throw .malformed(path: path, reason: "SegmentSequence is empty") }

        guard let count = ds.int(.numberOfFrames), count > 0 else {
            throw .malformed(path: path, reason: "NumberOfFrames must be positive")
        }
        let perFrame = ds.sequence(.perFrameFunctionalGroupsSequence) ?? []
        guard perFrame.count == count else {
            throw .malformed(path: path, reason: "\(perFrame.count) per-frame functional group items for \(count) frames")
        }
        guard let element = ds[.pixelData], case .bytes(let bits) = element.value else {
            throw .notSegmentation(path: path, reason: "Pixel Data is absent or compressed")
        }
        let needed = count.multipliedReportingOverflow(by: rows * columns)
        guard !needed.overflow, (needed.partialValue + 7) / 8 <= bits.count else {
            throw .malformed(path: path, reason: "Pixel Data holds \(bits.count) bytes, fewer than \(count) frames of \(columns)×\(rows) bits need")
        }
        self.bits = bits

        let geometries = DicomFrameGeometry.frames(of: ds, count: count)
        let sharedSegment = ds.sequence(.sharedFunctionalGroupsSequence)?.first?
            .sequence(.segmentIdentificationSequence)?.first?.int(.referencedSegmentNumber)
        let numbers = Set(segments.map(\.number))
        frames = []
        for (i, groups) in perFrame.enumerated() {
            guard let segment = groups.sequence(.segmentIdentificationSequence)?.first?.int(.referencedSegmentNumber) ?? sharedSegment else {
                throw .malformed(path: path, reason: "frame \(i + 1) has no ReferencedSegmentNumber")
            }
            guard numbers.contains(segment) else {
                throw .malformed(path: path, reason: "frame \(i + 1) belongs to segment \(segment), which SegmentSequence does not define")
            }
            let sources = (groups.sequence(.derivationImageSequence) ?? []).flatMap { $0.sequence(.sourceImageSequence) ?? [] }
            frames.append(Frame(segment: segment, geometry: geometries[min(i, geometries.count - 1)],
                                sourceSOPInstanceUIDs: sources.compactMap { $0.string(.referencedSOPInstanceUID) }))
        }
    }

    /// The mask of segment `number` on `geometry` (1 inside, 0 outside). Every frame of the
    /// segment must lie on one of the grid's slices: same orientation, spacing and size, and an
    /// ImagePositionPatient on the slice's first voxel (within 0.001 voxel, what DS text keeps).
    public func mask(segment number: Int, on geometry: ImageGeometry) throws(SegmentationError) -> LabelVolume {
        guard segments.contains(where: { $0.number == number }) else {
            throw .unknownSegment(path: path, number: number, available: segments.map(\.number))
        }
        var mask: LabelVolume
        do { mask = try LabelVolume(geometry: geometry, repeating: 0) } catch {
            throw .geometryMismatch(path: path, reason: error.description)
        }
        try paint(&mask) { $0 == number ? 1 : nil }
        return mask
    }

    /// Every segment on one volume, each voxel holding the number of the segment that covers it
    /// (segment numbers must fit 1…255). Where segments overlap the higher number wins.
    public func labels(on geometry: ImageGeometry) throws(SegmentationError) -> LabelVolume {
        guard segments.allSatisfy({ (1...255).contains($0.number) }) else {
            throw .malformed(path: path, reason: "segment numbers beyond 1…255 do not fit a label volume")
        }
        var mask: LabelVolume
        do { mask = try LabelVolume(geometry: geometry, repeating: 0) } catch {
            throw .geometryMismatch(path: path, reason: error.description)
        }
        try paint(&mask) { UInt8($0) }
        return mask
    }

    /// Sets `value(frame.segment)` wherever a frame's bit is set, for frames where it is not nil.
    private func paint(_ mask: inout LabelVolume, value: (Int) -> UInt8?) throws(SegmentationError) {
        let g = mask.geometry
        guard rows == g.size.y, columns == g.size.x else {
            throw .geometryMismatch(path: path, reason: "frames are \(columns)×\(rows), the grid's slices \(g.size.x)×\(g.size.y)")
        }
        let plane = rows * columns
        for (i, frame) in frames.enumerated() {
            guard let v = value(frame.segment) else { continue }
            let k = try slice(of: frame, number: i + 1, on: g)
            mask.voxels.withUnsafeMutableBufferPointer { out in
                let base = k * plane, bit = i * plane
                for p in 0..<plane where bits[(bit + p) >> 3] & (1 << UInt8((bit + p) & 7)) != 0 {
                    out[base + p] = max(out[base + p], v)
                }
            }
        }
    }

    /// The slice index of a frame on `g`, or why it does not lie on one.
    private func slice(of frame: Frame, number: Int, on g: ImageGeometry) throws(SegmentationError) -> Int {
        let f = frame.geometry
        guard let position = f.position, let row = f.rowDirection, let column = f.columnDirection else {
            throw .geometryMismatch(path: path, reason: "frame \(number) has no position or orientation")
        }
        let tolerance = 1e-4
        func close(_ a: Point3, _ b: Point3) -> Bool { ((a - b) * (a - b)).sum().squareRoot() < tolerance }
        guard close(row, g.direction.column(0)), close(column, g.direction.column(1)) else {
            throw .geometryMismatch(path: path, reason: "frame \(number) is oriented \(row), \(column), the grid \(g.direction.column(0)), \(g.direction.column(1))")
        }
        if let s = f.pixelSpacing, abs(s.x - g.spacing.x) > tolerance * g.spacing.x || abs(s.y - g.spacing.y) > tolerance * g.spacing.y {
            throw .geometryMismatch(path: path, reason: "frame \(number) has pixel spacing \(s.x)×\(s.y) mm, the grid \(g.spacing.x)×\(g.spacing.y) mm")
        }
        let index = g.index(atWorld: position)
        let k = index.z.rounded()
        guard abs(index.x) < 1e-3, abs(index.y) < 1e-3, abs(index.z - k) < 1e-3, k >= 0, k < Double(g.size.z) else {
            throw .geometryMismatch(path: path, reason: "frame \(number) at \(position) is at index \(index), not on a slice of the \(g.size) grid")
        }
        return Int(k)
    }
}
