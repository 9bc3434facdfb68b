import Foundation

/// Builds a binary DICOM Segmentation (SEG, Segmentation Storage, Explicit VR Little Endian)
/// from masks drawn on an image series: one segment per mask, one frame per source slice that
/// contains the segment, 1-bit pixels packed across frames as PS3.5 §8.1.1 prescribes.
///
/// The object carries the modules the Segmentation IOD requires: Patient, General Study, General
/// Series with Segmentation Series, Frame of Reference, General and Enhanced General Equipment,
/// General Image, Image Pixel, Segmentation Image (SNOMED CT property category and type with
/// scheme `SCT`), Multi-frame Functional Groups (shared Pixel Measures and Plane Orientation;
/// per frame Derivation Image with the source slice, Frame Content with DimensionIndexValues,
/// Plane Position and Segment Identification), Multi-frame Dimension (segment number, then image
/// position), Common Instance Reference and SOP Common. Frames share the source grid exactly,
/// so `SegmentationObject` reads the masks back voxel for voxel.
public struct SegmentationBuilder: Sendable {
    /// One segment: what it is and the voxels that belong to it.
    public struct Segment: Sendable {
        /// SegmentLabel, e.g. "Metastasis T1 CE".
        public var label: String
        /// On the source grid; voxels equal to `value` (or non-zero when `value` is nil) belong.
        public var mask: LabelVolume
        public var value: UInt8?
        public var category: CodedConcept
        public var type: CodedConcept
        /// SegmentAlgorithmType: AUTOMATIC, SEMIAUTOMATIC or MANUAL.
        public var algorithmType: String
        /// SegmentAlgorithmName (required unless MANUAL).
        public var algorithmName: String
        public var description: String

        public init(label: String, mask: LabelVolume, value: UInt8? = nil,
                    category: CodedConcept = .morphologicallyAbnormalStructure, type: CodedConcept = .metastaticNeoplasm,
                    algorithmType: String = "AUTOMATIC", algorithmName: String = "MetOrigin", description: String = "") {
            self.label = label
            self.mask = mask
            self.value = value
            self.category = category
            self.type = type
            self.algorithmType = algorithmType
            self.algorithmName = algorithmName
            self.description = description
        }
    }

    /// Segmentation Storage.
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.66.4"

    public var series: SourceImageSeries
    public var segments: [Segment]
    public var seriesDescription: String
    public var seriesNumber: Int
    /// ContentLabel (CS: upper case, digits, space, underscore; at most 16 characters).
    public var contentLabel: String
    public var manufacturer: String
    public var modelName: String
    public var softwareVersions: String
    public var deviceSerialNumber: String
    /// Written as ContentDate/Time and InstanceCreationDate/Time; pass a fixed value for
    /// reproducible files.
    public var date: Date
    /// Mixed into the generated UIDs (see `DicomUID`).
    public var uidSeed: UInt64

    public init(series: SourceImageSeries, segments: [Segment], seriesDescription: String = "MetOrigin segmentation",
                seriesNumber: Int = 901, contentLabel: String = "METORIGIN", manufacturer: String = "MetOrigin",
                modelName: String = "MetOrigin", softwareVersions: String = "1", deviceSerialNumber: String = "1",
                date: Date = Date(), uidSeed: UInt64 = 0) {
        self.series = series
        self.segments = segments
        self.seriesDescription = seriesDescription
        self.seriesNumber = seriesNumber
        self.contentLabel = contentLabel
        self.manufacturer = manufacturer
        self.modelName = modelName
        self.softwareVersions = softwareVersions
        self.deviceSerialNumber = deviceSerialNumber
        self.date = date
        self.uidSeed = uidSeed
    }

    /// UIDs derived from the source series, the segment labels and the seed, so rebuilding the
    /// same segments gives the same file.
    public var seriesInstanceUID: String { uid("seg-series") }
    public var sopInstanceUID: String { uid("seg-instance") }
    var dimensionOrganizationUID: String { uid("seg-dimensions") }
    private func uid(_ kind: String) -> String {
        DicomUID.make(seed: uidSeed, components: [kind, series.seriesInstanceUID] + segments.map(\.label))
    }

    /// One frame: segment `segment` (1-based) on source slice `slice`.
    struct Frame: Equatable {
        var segment: Int
        var slice: Int
    }

    /// Frames in segment order, then slice order; only slices where the segment has voxels. A
    /// segmentation whose segments are all empty still needs one frame (NumberOfFrames ≥ 1):
    /// it gets an empty frame of segment 1 on the first slice.
    func frames() -> [Frame] {
        let g = series.geometry
        let plane = g.size.x * g.size.y
        var out: [Frame] = []
        for (n, s) in segments.enumerated() {
            let inside = Self.predicate(s.value)
            s.mask.voxels.withUnsafeBufferPointer { v in
                for k in 0..<g.size.z where v[(k * plane)..<((k + 1) * plane)].contains(where: inside) {
                    out.append(Frame(segment: n + 1, slice: k))
                }
            }
        }
        return out.isEmpty ? [Frame(segment: 1, slice: 0)] : out
    }

    static func predicate(_ value: UInt8?) -> (UInt8) -> Bool {
        value.map { l in { $0 == l } } ?? { $0 != 0 }
    }

    /// The complete data set, ready for `DicomWriter`.
    public func dataSet() throws(SegmentationError) -> DicomDataSet {
        let g = series.geometry
        try validate()
        let frames = frames()
        let plane = g.size.x * g.size.y
        let totalBits = frames.count.multipliedReportingOverflow(by: plane)
        guard !totalBits.overflow, totalBits.partialValue / 8 < Int(UInt32.max) - 1 else {
            throw .invalidArgument("\(frames.count) frames of \(g.size.x)×\(g.size.y) do not fit one Pixel Data element")
        }
        let (day, time) = SourceImageSeries.dicomDateTime(date)

        var ds = DicomDataSet()
        ds.set(.specificCharacterSet, .CS, "ISO_IR 192")
        ds.characterSet = .utf8
        ds.set(.imageType, .CS, strings: ["DERIVED", "PRIMARY"])
        ds.set(.instanceCreationDate, .DA, day)
        ds.set(.instanceCreationTime, .TM, time)
        ds.set(.sopClassUID, .UI, Self.sopClassUID)
        ds.set(.sopInstanceUID, .UI, sopInstanceUID)
        series.setPatientAndStudy(in: &ds)
        ds.set(.seriesDate, .DA, day)
        ds.set(.seriesTime, .TM, time)
        ds.set(.contentDate, .DA, day)
        ds.set(.contentTime, .TM, time)
        ds.set(.modality, .CS, "SEG")
        ds.set(.manufacturer, .LO, manufacturer)
        ds.set(.seriesDescription, .LO, seriesDescription)
        ds.set(.manufacturerModelName, .LO, modelName)
        ds.set(.deviceSerialNumber, .LO, deviceSerialNumber)
        ds.set(.softwareVersions, .LO, softwareVersions)
        ds.set(.seriesInstanceUID, .UI, seriesInstanceUID)
        ds.set(.seriesNumber, .IS, String(seriesNumber))
        ds.set(.instanceNumber, .IS, "1")
        ds.set(.frameOfReferenceUID, .UI, series.frameOfReferenceUID)
        ds.set(.positionReferenceIndicator, .LO, "")

        // Image Pixel: 1-bit monochrome frames of the source's size.
        ds.set(.samplesPerPixel, uint16: [1])
        ds.set(.photometricInterpretation, .CS, "MONOCHROME2")
        ds.set(.numberOfFrames, .IS, String(frames.count))
        ds.set(.rows, uint16: [UInt16(g.size.y)])
        ds.set(.columns, uint16: [UInt16(g.size.x)])
        ds.set(.bitsAllocated, uint16: [1])
        ds.set(.bitsStored, uint16: [1])
        ds.set(.highBit, uint16: [0])
        ds.set(.pixelRepresentation, uint16: [0])
        ds.set(.lossyImageCompression, .CS, "00")

        // Segmentation Image: content identification and the segments.
        ds.set(.contentLabel, .CS, Self.contentLabelText(contentLabel))
        ds.set(.contentDescription, .LO, seriesDescription)
        ds.set(.contentCreatorName, .PN, "")
        ds.set(.segmentationType, .CS, "BINARY")
        ds.set(.segmentSequence, sequence: segments.enumerated().map { segmentItem(number: $0.offset + 1, $0.element) })

        setDimensions(in: &ds)
        ds.set(.sharedFunctionalGroupsSequence, sequence: [sharedGroups()])
        ds.set(.perFrameFunctionalGroupsSequence, sequence: frames.map(frameGroups))

        // Common Instance Reference: every source slice, under its series.
        var refSeries = DicomDataSet()
        refSeries.set(.referencedInstanceSequence, sequence: series.sopInstanceUIDs.map(series.reference(to:)))
        refSeries.set(.seriesInstanceUID, .UI, series.seriesInstanceUID)
        ds.set(.referencedSeriesSequence, sequence: [refSeries])

        ds.set(.pixelData, .OB, bytes: pixelData(frames))
        return ds
    }

    /// Writes the segmentation to `path` atomically.
    public func write(to path: String) throws(SegmentationError) {
        let ds = try dataSet()
        do { try DicomWriter.write(ds, to: path) } catch { throw .writeFailed(path: path, reason: error.description) }
    }

    private func validate() throws(SegmentationError) {
        let g = series.geometry
        guard g.size.x > 0, g.size.y > 0, g.size.z > 0, g.size.x <= 65535, g.size.y <= 65535 else {
            throw .invalidArgument("cannot write frames of a \(g.size) grid")
        }
        guard series.sopInstanceUIDs.count == g.size.z else {
            throw .invalidArgument("\(series.sopInstanceUIDs.count) SOPInstanceUIDs for \(g.size.z) slices")
        }
        guard !segments.isEmpty else { throw .invalidArgument("no segments to write") }
        guard segments.count <= 65535 else { throw .invalidArgument("\(segments.count) segments exceed the 65535 a SEG can number") }
        var seen = Set<String>()
        for s in segments {
            guard s.mask.geometry.isAligned(with: g, tolerance: 1e-3) else {
                throw .invalidArgument("mask \"\(s.label)\" is on grid \(s.mask.geometry.size) at a different position than the image series")
            }
            guard seen.insert(s.label).inserted else { throw .invalidArgument("segment label \"\(s.label)\" is used twice") }
            guard ["AUTOMATIC", "SEMIAUTOMATIC", "MANUAL"].contains(s.algorithmType) else {
                throw .invalidArgument("segment \"\(s.label)\": algorithm type \(s.algorithmType) is not AUTOMATIC, SEMIAUTOMATIC or MANUAL")
            }
            guard s.algorithmType == "MANUAL" || !s.algorithmName.isEmpty else {
                throw .invalidArgument("segment \"\(s.label)\": an \(s.algorithmType) segment needs an algorithm name")
            }
        }
    }

    private func segmentItem(number: Int, _ s: Segment) -> DicomDataSet {
        var item = DicomDataSet()
        item.characterSet = .utf8
        item.set(.segmentedPropertyCategoryCodeSequence, sequence: [s.category.item])
        item.set(.segmentNumber, uint16: [UInt16(number)])
        item.set(.segmentLabel, .LO, s.label)
        if !s.description.isEmpty { item.set(.segmentDescription, .ST, s.description) }
        item.set(.segmentAlgorithmType, .CS, s.algorithmType)
        if s.algorithmType != "MANUAL" { item.set(.segmentAlgorithmName, .LO, s.algorithmName) }
        item.set(.segmentedPropertyTypeCodeSequence, sequence: [s.type.item])
        return item
    }

    /// Two dimensions, as readers expect of a SEG: the segment, then the position of the plane.
    private func setDimensions(in ds: inout DicomDataSet) {
        let uid = dimensionOrganizationUID
        var organization = DicomDataSet()
        organization.set(.dimensionOrganizationUID, .UI, uid)
        ds.set(.dimensionOrganizationSequence, sequence: [organization])
        let dimensions: [(DicomTag, DicomTag, String)] = [
            (.referencedSegmentNumber, .segmentIdentificationSequence, "ReferencedSegmentNumber"),
            (.imagePositionPatient, .planePositionSequence, "ImagePositionPatient"),
        ]
        ds.set(.dimensionIndexSequence, sequence: dimensions.map { pointer, group, label in
            var item = DicomDataSet()
            item.set(.dimensionOrganizationUID, .UI, uid)
            item.set(Self.attributeTag(.dimensionIndexPointer, pointer))
            item.set(Self.attributeTag(.functionalGroupPointer, group))
            item.set(.dimensionDescriptionLabel, .LO, label)
            return item
        })
    }

    private func sharedGroups() -> DicomDataSet {
        let g = series.geometry
        let row = g.direction.column(0), col = g.direction.column(1)
        var measures = DicomDataSet()
        measures.set(.sliceThickness, decimals: [abs(g.spacing.z)])
        measures.set(.spacingBetweenSlices, decimals: [abs(g.spacing.z)])
        measures.set(.pixelSpacing, decimals: [g.spacing.y, g.spacing.x])
        var orientation = DicomDataSet()
        orientation.set(.imageOrientationPatient, decimals: [row.x, row.y, row.z, col.x, col.y, col.z])
        var shared = DicomDataSet()
        shared.set(.pixelMeasuresSequence, sequence: [measures])
        shared.set(.planeOrientationSequence, sequence: [orientation])
        return shared
    }

    private func frameGroups(_ frame: Frame) -> DicomDataSet {
        let g = series.geometry
        var source = series.reference(to: series.sopInstanceUIDs[frame.slice])
        source.set(.purposeOfReferenceCodeSequence, sequence: [CodedConcept.sourceImageForProcessing.item])
        // The frame is the source slice's grid, which lets readers index frames by source image.
        source.set(.spatialLocationsPreserved, .CS, "YES")
        var derivation = DicomDataSet()
        derivation.set(.sourceImageSequence, sequence: [source])
        derivation.set(.derivationCodeSequence, sequence: [CodedConcept.segmentationDerivation.item])
        var content = DicomDataSet()
        content.set(DicomElement(tag: .dimensionIndexValues, vr: .UL,
                                 value: .bytes(DicomWriter.le32(UInt32(frame.segment)) + DicomWriter.le32(UInt32(frame.slice + 1)))))
        var position = DicomDataSet()
        let p = g.world(atIndex: Point3(0, 0, Double(frame.slice)))
        position.set(.imagePositionPatient, decimals: [p.x, p.y, p.z])
        var identification = DicomDataSet()
        identification.set(.referencedSegmentNumber, uint16: [UInt16(frame.segment)])
        var groups = DicomDataSet()
        groups.set(.derivationImageSequence, sequence: [derivation])
        groups.set(.frameContentSequence, sequence: [content])
        groups.set(.planePositionSequence, sequence: [position])
        groups.set(.segmentIdentificationSequence, sequence: [identification])
        return groups
    }

    /// Frames one after another, pixel i of the whole stream in bit i % 8 of byte i / 8: frames
    /// do not start on byte boundaries (PS3.5 §8.1.1). Padded to an even length.
    func pixelData(_ frames: [Frame]) -> [UInt8] {
        let g = series.geometry
        let plane = g.size.x * g.size.y
        var out = [UInt8](repeating: 0, count: (frames.count * plane + 7) / 8)
        var bit = 0
        for frame in frames {
            let inside = Self.predicate(segments[frame.segment - 1].value)
            segments[frame.segment - 1].mask.voxels.withUnsafeBufferPointer { v in
                let base = frame.slice * plane
                for i in 0..<plane {
                    if inside(v[base + i]) { out[(bit + i) >> 3] |= 1 << UInt8((bit + i) & 7) }
                }
            }
            bit += plane
        }
        if out.count & 1 == 1 { out.append(0) }
        return out
    }

    /// An AT element holding one tag.
    static func attributeTag(_ tag: DicomTag, _ value: DicomTag) -> DicomElement {
        DicomElement(tag: tag, vr: .AT, value: .bytes(DicomWriter.le16(value.group) + DicomWriter.le16(value.element)))
    }

    /// CS allows upper-case letters, digits, space and underscore, 16 characters.
    static func contentLabelText(_ s: String) -> String {
        let mapped = s.uppercased().map { c -> Character in
            (c.isASCII && (c.isLetter || c.isNumber)) || c == " " || c == "_" ? c : "_"
        }
        let text = String(mapped.prefix(16))
        return text.isEmpty ? "SEGMENTATION" : text
    }
}
