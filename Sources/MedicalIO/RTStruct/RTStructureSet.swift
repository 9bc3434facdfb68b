import Foundation

/// An RT Structure Set (RTSTRUCT) as read from DICOM: its ROIs with their contours, and what
/// image series and frame of reference the contours were drawn on.
///
/// Only CLOSED_PLANAR contours describe areas; POINT, OPEN_PLANAR and OPEN_NONPLANAR contours are
/// kept in `ROI.ignoredContours` counts and mentioned in `notes`, never rasterised.
public struct RTStructureSet: Sendable {
    /// RT Structure Set Storage.
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.481.3"

    /// One closed planar contour: vertices in LPS millimetres, the closing edge implicit.
    public struct Contour: Sendable, Equatable {
        public var points: [Point3]
        /// SOPInstanceUIDs from the contour's ContourImageSequence (may be empty).
        public var referencedSOPInstanceUIDs: [String]
    }

    /// One region of interest.
    public struct ROI: Sendable, Equatable {
        public var number: Int
        public var name: String
        public var frameOfReferenceUID: String?
        /// ROIDisplayColor (RGB) when present.
        public var color: [Int]?
        /// RTROIInterpretedType from RTROIObservationsSequence ("ORGAN", "GTV", …) when present.
        public var interpretedType: String?
        /// Closed planar contours in file order.
        public var contours: [Contour]
        /// Contours of other geometric types, by type (e.g. ["POINT": 1]).
        public var ignoredContours: [String: Int]
    }

    /// One item of ReferencedFrameOfReferenceSequence.
    public struct ReferencedFrame: Sendable, Equatable {
        public var frameOfReferenceUID: String
        /// SeriesInstanceUIDs of RTReferencedSeriesSequence under it.
        public var seriesInstanceUIDs: [String]
    }

    /// Where the structure set came from (used in messages).
    public var path: String
    public var sopInstanceUID: String?
    public var label: String?
    public var referencedFrames: [ReferencedFrame]
    /// ROIs in StructureSetROISequence order.
    public var rois: [ROI]
    /// Everything tolerated but worth knowing: ignored contour types, point-count mismatches, …
    public var notes: [String]

    /// Reads and parses an RTSTRUCT file.
    public static func read(path: String) throws(RTStructError) -> RTStructureSet {
        let file: DicomFile
        do { file = try DicomFile.read(path: path) } catch { throw .unreadable(path: path, reason: error.description) }
        return try RTStructureSet(dataSet: file.dataSet, path: path)
    }

    /// Parses an RTSTRUCT data set; `path` only labels messages.
    public init(dataSet ds: DicomDataSet, path: String) throws(RTStructError) {
        self.path = path
        notes = []
        let sopClass = ds.string(.sopClassUID)
        let modality = ds.string(.modality)
        guard sopClass == Self.sopClassUID || (sopClass == nil && modality == "RTSTRUCT") else {
            throw .notRTStruct(path: path, reason: "SOP class \(sopClass ?? "absent"), modality \(modality ?? "absent")")
        }
        sopInstanceUID = ds.string(.sopInstanceUID)
        label = ds.string(.structureSetLabel)

        referencedFrames = (ds.sequence(.referencedFrameOfReferenceSequence) ?? []).compactMap { item in
            guard let uid = item.string(.frameOfReferenceUID) else { return nil }
            var series: [String] = []
            for study in item.sequence(.rtReferencedStudySequence) ?? [] {
                for s in study.sequence(.rtReferencedSeriesSequence) ?? [] {
                    if let u = s.string(.seriesInstanceUID) { series.append(u) }
                }
            }
            return ReferencedFrame(frameOfReferenceUID: uid, seriesInstanceUIDs: series)
        }

        guard let roiItems = ds.sequence(.structureSetROISequence) else {
            throw .malformed(path: path, reason: "StructureSetROISequence (3006,0020) is missing")
        }
        var rois: [ROI] = []
        var position: [Int: Int] = [:]
        for (n, item) in roiItems.enumerated() {
            guard let number = item.int(.roiNumber) else {
                throw .malformed(path: path, reason: "StructureSetROISequence item \(n + 1) has no valid ROINumber")
            }
            guard position[number] == nil else {
                notes.append("ROI number \(number) appears more than once in StructureSetROISequence; later item ignored")
                continue
            }
            position[number] = rois.count
            rois.append(ROI(number: number, name: item.string(.roiName) ?? "ROI \(number)",
                            frameOfReferenceUID: item.string(.referencedFrameOfReferenceUID),
                            color: nil, interpretedType: nil, contours: [], ignoredContours: [:]))
        }

        for (n, item) in (ds.sequence(.roiContourSequence) ?? []).enumerated() {
            guard let number = item.int(.referencedROINumber), let at = position[number] else {
                notes.append("ROIContourSequence item \(n + 1) references no ROI of StructureSetROISequence; ignored")
                continue
            }
            if let color = item.ints(.roiDisplayColor), color.count == 3 { rois[at].color = color }
            for (c, contour) in (item.sequence(.contourSequence) ?? []).enumerated() {
                let place = "ROI \(number) (\(rois[at].name)) contour \(c + 1)"
                let type = contour.string(.contourGeometricType) ?? "CLOSED_PLANAR"
                guard type == "CLOSED_PLANAR" else {
                    rois[at].ignoredContours[type, default: 0] += 1
                    continue
                }
                guard let data = contour.doubles(.contourData) else {
                    notes.append("\(place): ContourData missing or not numeric; skipped")
                    continue
                }
                guard data.count % 3 == 0, data.count >= 9 else {
                    notes.append("\(place): ContourData holds \(data.count) values, not 3 per point for at least 3 points; skipped")
                    continue
                }
                let count = data.count / 3
                if let declared = contour.int(.numberOfContourPoints), declared != count {
                    notes.append("\(place): NumberOfContourPoints is \(declared) but ContourData holds \(count) points; using the data")
                }
                var points: [Point3] = []
                points.reserveCapacity(count)
                for p in 0..<count { points.append(Point3(data[3 * p], data[3 * p + 1], data[3 * p + 2])) }
                let images = (contour.sequence(.contourImageSequence) ?? []).compactMap { $0.string(.referencedSOPInstanceUID) }
                rois[at].contours.append(Contour(points: points, referencedSOPInstanceUIDs: images))
            }
        }
        for item in ds.sequence(.rtroiObservationsSequence) ?? [] {
            if let number = item.int(.referencedROINumber), let at = position[number],
               let type = item.string(.rtroiInterpretedType) {
                rois[at].interpretedType = type
            }
        }
        for roi in rois where !roi.ignoredContours.isEmpty {
            let what = roi.ignoredContours.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            notes.append("ROI \(roi.number) (\(roi.name)): ignored \(what) contour(s); only CLOSED_PLANAR contours describe areas")
        }
        self.rois = rois
    }

    /// The ROI whose name is `key` (exactly, else ignoring case), or whose number is `key`.
    public func roi(_ key: String) throws(RTStructError) -> ROI {
        if let r = rois.first(where: { $0.name == key }) { return r }
        if let r = rois.first(where: { $0.name.caseInsensitiveCompare(key) == .orderedSame }) { return r }
        if let n = Int(key), let r = rois.first(where: { $0.number == n }) { return r }
        throw .unknownROI(path: path, roi: key, available: rois.map { "\($0.number): \($0.name)" })
    }

    /// Checks that the contours were drawn in the image's frame of reference and on its series.
    ///
    /// A different frame of reference means the coordinates do not apply to the image: that
    /// throws unless `allowFrameOfReferenceMismatch`. A different series in the same frame of
    /// reference (contours drawn on the planning CT, mask wanted on a registered MR) is a
    /// warning only. Missing information on either side is a warning. Returns the warnings.
    public func checkReferences(frameOfReferenceUID: String?, seriesInstanceUID: String?,
                                allowFrameOfReferenceMismatch: Bool = false) throws(RTStructError) -> [String] {
        var warnings: [String] = []
        let frames = Set(referencedFrames.map(\.frameOfReferenceUID) + rois.compactMap(\.frameOfReferenceUID))
        if let image = frameOfReferenceUID {
            if frames.isEmpty {
                warnings.append("the structure set names no frame of reference; assuming the image's")
            } else if !frames.contains(image) {
                let why = "frame of reference \(frames.sorted().joined(separator: ", ")) differs from the image's \(image)"
                guard allowFrameOfReferenceMismatch else { throw .referenceMismatch(path: path, reason: why) }
                warnings.append(why)
            }
        } else {
            warnings.append("the image has no FrameOfReferenceUID; cannot check the structure set's frame of reference")
        }
        let series = Set(referencedFrames.flatMap(\.seriesInstanceUIDs))
        if let image = seriesInstanceUID, !series.isEmpty, !series.contains(image) {
            warnings.append("contours were drawn on series \(series.sorted().joined(separator: ", ")), not on the image series \(image)")
        }
        return warnings
    }

    /// Rasterises one ROI's closed planar contours onto `geometry`.
    public func mask(for roi: ROI, on geometry: ImageGeometry,
                     rasterizer: ContourRasterizer = ContourRasterizer(), value: UInt8 = 1) throws(RTStructError) -> ContourRasterizer.Result {
        var result = try rasterizer.rasterize(roi.contours.map(\.points), onto: geometry, value: value)
        result.notes = result.notes.map { "ROI \(roi.number) (\(roi.name)): \($0)" }
        return result
    }

    /// Every ROI on one grid: voxel value `i + 1` for `rois[i]` (later ROIs overwrite earlier
    /// ones where they overlap). At most 255 ROIs fit; more throw.
    public func labelMap(on geometry: ImageGeometry,
                         rasterizer: ContourRasterizer = ContourRasterizer()) throws(RTStructError) -> (labels: LabelVolume, notes: [String]) {
        guard rois.count <= 255 else {
            throw .invalidArgument("\(rois.count) ROIs do not fit an 8-bit label map; pick one ROI")
        }
        guard var labels = try? LabelVolume(geometry: geometry, repeating: 0) else {
            throw .invalidArgument("cannot allocate a label map on grid \(geometry.size)")
        }
        var notes: [String] = []
        for (i, roi) in rois.enumerated() where !roi.contours.isEmpty {
            let r = try mask(for: roi, on: geometry, rasterizer: rasterizer, value: UInt8(i + 1))
            notes += r.notes
            for idx in r.mask.voxels.indices where r.mask.voxels[idx] != 0 { labels.voxels[idx] = r.mask.voxels[idx] }
        }
        return (labels, notes)
    }
}
