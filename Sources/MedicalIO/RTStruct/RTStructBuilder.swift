import Foundation

/// Builds an RT Structure Set (RTSTRUCT, Explicit VR Little Endian) from masks drawn on an image
/// series: the reverse of `RTStructureSet`. Contours come from `ContourExtractor`, so reading
/// the file back and rasterising it on the same grid gives the masks again.
///
/// The result carries the modules the RT Structure Set IOD requires (Patient, General Study,
/// RT Series, General Equipment, Structure Set, ROI Contour, RT ROI Observations, SOP Common),
/// and every contour references its image slice through ContourImageSequence.
public struct RTStructBuilder: Sendable {
    /// The image series the masks were drawn on (shared with the DICOM SEG writer).
    public typealias ImageSeries = SourceImageSeries

    /// One structure: a name and the voxels that belong to it.
    public struct Structure: Sendable {
        public var name: String
        /// On the image grid; voxels equal to `label` (or non-zero when `label` is nil) belong.
        public var mask: LabelVolume
        public var label: UInt8?
        /// RGB display colour; a fixed palette colour when nil.
        public var color: [Int]?
        /// RTROIInterpretedType, e.g. "GTV", "ORGAN"; empty means unspecified.
        public var interpretedType: String
        /// ROIGenerationAlgorithm: AUTOMATIC, SEMIAUTOMATIC or MANUAL.
        public var generationAlgorithm: String

        public init(name: String, mask: LabelVolume, label: UInt8? = nil, color: [Int]? = nil,
                    interpretedType: String = "", generationAlgorithm: String = "AUTOMATIC") {
            self.name = name
            self.mask = mask
            self.label = label
            self.color = color
            self.interpretedType = interpretedType
            self.generationAlgorithm = generationAlgorithm
        }
    }

    public var series: ImageSeries
    public var structures: [Structure]
    /// StructureSetLabel (type 1; at most 16 characters).
    public var label: String
    public var seriesDescription: String
    public var seriesNumber: Int
    public var manufacturer: String
    /// Date and time written as StructureSetDate/Time and InstanceCreationDate/Time. Pass a
    /// fixed value for reproducible files.
    public var date: Date
    /// Mixed into the generated SeriesInstanceUID and SOPInstanceUID (see `DicomUID`).
    public var uidSeed: UInt64

    public init(series: ImageSeries, structures: [Structure], label: String = "MetOrigin",
                seriesDescription: String = "MetOrigin contours", seriesNumber: Int = 900,
                manufacturer: String = "MetOrigin", date: Date = Date(), uidSeed: UInt64 = 0) {
        self.series = series
        self.structures = structures
        self.label = label
        self.seriesDescription = seriesDescription
        self.seriesNumber = seriesNumber
        self.manufacturer = manufacturer
        self.date = date
        self.uidSeed = uidSeed
    }

    /// (3006,0048) ContourNumber is not in the shared dictionary.
    static let contourNumber = DicomTag(0x3006, 0x0048)
    static let palette: [[Int]] = [[255, 0, 0], [0, 200, 0], [0, 80, 255], [255, 200, 0], [200, 0, 255], [0, 220, 220]]
    /// DS values are written with 4 decimals (0.1 µm): short enough to keep long contours under
    /// the 64 KiB that an explicit-VR DS element can hold, far finer than any voxel.
    static let decimals = 4

    /// The structure set's UIDs: derived from the referenced series, the ROI names and the seed,
    /// so rebuilding the same structures gives the same file.
    public var seriesInstanceUID: String {
        DicomUID.make(seed: uidSeed, components: ["rtstruct-series", series.seriesInstanceUID] + structures.map(\.name))
    }
    public var sopInstanceUID: String {
        DicomUID.make(seed: uidSeed, components: ["rtstruct-instance", series.seriesInstanceUID] + structures.map(\.name))
    }

    /// The complete data set, ready for `DicomWriter`.
    public func dataSet() throws(RTStructError) -> DicomDataSet {
        let g = series.geometry
        guard series.sopInstanceUIDs.count == g.size.z else {
            throw .invalidArgument("\(series.sopInstanceUIDs.count) SOPInstanceUIDs for \(g.size.z) slices")
        }
        guard !structures.isEmpty else { throw .invalidArgument("no structures to write") }
        var seen = Set<String>()
        for s in structures {
            guard s.mask.geometry.isAligned(with: g, tolerance: 1e-3) else {
                throw .invalidArgument("mask \"\(s.name)\" is on grid \(s.mask.geometry.size) at a different position than the image series")
            }
            guard seen.insert(s.name).inserted else { throw .invalidArgument("ROI name \"\(s.name)\" is used twice") }
        }
        let (day, time) = SourceImageSeries.dicomDateTime(date)

        var ds = DicomDataSet()
        ds.set(.specificCharacterSet, .CS, "ISO_IR 192")
        ds.characterSet = .utf8
        ds.set(.instanceCreationDate, .DA, day)
        ds.set(.instanceCreationTime, .TM, time)
        ds.set(.sopClassUID, .UI, RTStructureSet.sopClassUID)
        ds.set(.sopInstanceUID, .UI, sopInstanceUID)
        series.setPatientAndStudy(in: &ds)
        ds.set(.modality, .CS, "RTSTRUCT")
        ds.set(.manufacturer, .LO, manufacturer)
        ds.set(.seriesDescription, .LO, seriesDescription)
        ds.set(.operatorsName, .PN, "")
        ds.set(.seriesInstanceUID, .UI, seriesInstanceUID)
        ds.set(.seriesNumber, .IS, String(seriesNumber))
        ds.set(.instanceNumber, .IS, "1")
        // Frame of Reference module (part of the IOD since the 2019 editions).
        ds.set(.frameOfReferenceUID, .UI, series.frameOfReferenceUID)
        ds.set(.positionReferenceIndicator, .LO, "")
        ds.set(.structureSetLabel, .SH, String(label.prefix(16)))
        ds.set(.structureSetDate, .DA, day)
        ds.set(.structureSetTime, .TM, time)

        // Every slice is listed once under the referenced series, as the IOD expects.
        let images = series.sopInstanceUIDs.map(series.reference(to:))
        var refSeries = DicomDataSet()
        refSeries.set(.seriesInstanceUID, .UI, series.seriesInstanceUID)
        refSeries.set(.contourImageSequence, sequence: images)
        var refStudy = DicomDataSet()
        refStudy.set(.referencedSOPClassUID, .UI, "1.2.840.10008.3.1.2.3.1")  // Detached Study Management, as the IOD names
        refStudy.set(.referencedSOPInstanceUID, .UI, series.studyInstanceUID)
        refStudy.set(.rtReferencedSeriesSequence, sequence: [refSeries])
        var frame = DicomDataSet()
        frame.set(.frameOfReferenceUID, .UI, series.frameOfReferenceUID)
        frame.set(.rtReferencedStudySequence, sequence: [refStudy])
        ds.set(.referencedFrameOfReferenceSequence, sequence: [frame])

        var roiItems: [DicomDataSet] = [], contourItems: [DicomDataSet] = [], observations: [DicomDataSet] = []
        for (n, s) in structures.enumerated() {
            let number = n + 1
            var roi = DicomDataSet()
            roi.characterSet = ds.characterSet
            roi.set(.roiNumber, .IS, String(number))
            roi.set(.referencedFrameOfReferenceUID, .UI, series.frameOfReferenceUID)
            roi.set(.roiName, .LO, s.name)
            roi.set(.roiGenerationAlgorithm, .CS, s.generationAlgorithm)
            roiItems.append(roi)

            var rc = DicomDataSet()
            let color = s.color ?? Self.palette[n % Self.palette.count]
            rc.set(.roiDisplayColor, .IS, strings: color.map { String(max(0, min(255, $0))) })
            var contours: [DicomDataSet] = []
            // Contour coordinates come from the series' own geometry, not the mask's copy of it.
            var mask = s.mask
            mask.geometry = g
            for (c, contour) in ContourExtractor.contours(of: mask, label: s.label).enumerated() {
                var item = DicomDataSet()
                item.set(.contourImageSequence, sequence: [series.reference(to: series.sopInstanceUIDs[contour.slice])])
                item.set(.contourGeometricType, .CS, "CLOSED_PLANAR")
                item.set(.numberOfContourPoints, .IS, String(contour.points.count))
                item.set(Self.contourNumber, .IS, String(c + 1))
                let text = contour.points.flatMap { [$0.x, $0.y, $0.z] }.map(Self.formatDS).joined(separator: "\\")
                guard text.utf8.count <= 0xFFFE else {
                    throw .invalidArgument("ROI \"\(s.name)\" slice \(contour.slice): a contour of \(contour.points.count) points is too long for one DS element")
                }
                item.set(.contourData, .DS, text)
                contours.append(item)
            }
            // An empty mask gets no ContourSequence (type 3) rather than an empty one.
            if !contours.isEmpty { rc.set(.contourSequence, sequence: contours) }
            rc.set(.referencedROINumber, .IS, String(number))
            contourItems.append(rc)

            var obs = DicomDataSet()
            obs.set(.observationNumber, .IS, String(number))
            obs.set(.referencedROINumber, .IS, String(number))
            obs.set(.rtroiInterpretedType, .CS, s.interpretedType)
            obs.set(.roiInterpreter, .PN, "")
            observations.append(obs)
        }
        ds.set(.structureSetROISequence, sequence: roiItems)
        ds.set(.roiContourSequence, sequence: contourItems)
        ds.set(.rtroiObservationsSequence, sequence: observations)
        return ds
    }

    /// Writes the structure set to `path` atomically.
    public func write(to path: String) throws(RTStructError) {
        let ds = try dataSet()
        do { try DicomWriter.write(ds, to: path) } catch { throw .writeFailed(path: path, reason: error.description) }
    }

    static func formatDS(_ v: Double) -> String {
        let scale = 10_000.0
        let r = (v * scale).rounded() / scale
        if r == 0 { return "0" }
        var s = String(format: "%.\(decimals)f", r)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        // Only absurd coordinates (beyond ±10^11 mm) need exponent notation to fit 16 characters.
        return s.count <= 16 ? s : DicomDataSet.formatDS(v)
    }
}
