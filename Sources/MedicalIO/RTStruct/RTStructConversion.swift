import Foundation

/// RTSTRUCT + image series folder → NIfTI mask, behind `metorigin rtstruct`. Only the series'
/// geometry is needed, so no pixel data is decoded.
public enum RTStructConversion {
    /// What was written, per ROI.
    public struct Report: Sendable, Codable {
        public struct ROIReport: Sendable, Codable {
            public var number: Int
            public var name: String
            /// Voxel value of this ROI in the output.
            public var label: Int
            public var contours: Int
            public var contouredSlices: [Int]
            public var voxels: Int
            /// Voxel count × voxel volume, in millilitres.
            public var volumeML: Double
        }
        public var rtstruct: String
        public var imageSeriesInstanceUID: String
        public var output: String
        public var size: [Int]
        public var spacing: [Double]
        public var rois: [ROIReport]
        /// Skipped contours, reference mismatches and other non-fatal findings.
        public var notes: [String]
    }

    /// Image series geometry and identity as the structure set needs them.
    public struct ImageSeriesInfo: Sendable {
        public var geometry: ImageGeometry
        public var seriesInstanceUID: String
        public var frameOfReferenceUID: String?
        /// SOPInstanceUIDs of the images, one per slice in slice order when every instance is one
        /// slice (empty for multi-frame series).
        public var sopInstanceUIDs: [String]
        public var series: DicomSeries
        public var warnings: [String]
    }

    /// Finds the image series in `folder` the structure set belongs to: the one `series` names
    /// (a SeriesInstanceUID or description pattern, through `ImageSource`), else the only one,
    /// else the one the structure set references, else the only one in its frame of reference.
    public static func imageSeries(in folder: String, for rt: RTStructureSet?, series choice: SeriesChoice? = nil) throws(RTStructError) -> ImageSeriesInfo {
        let source: ImageSource
        let chosen: DicomSeries
        do { (source, chosen) = try pick(in: folder, for: rt, series: choice) } catch {
            throw .imageSeries(path: folder, reason: error.reason)
        }
        let plan: DicomVolumeBuilder.Plan
        do { plan = try DicomVolumeBuilder.plan(chosen) } catch { throw .imageSeries(path: folder, reason: error.description) }
        let singleFrame = chosen.instances.allSatisfy { $0.frames == 1 }
        let uids = singleFrame ? plan.refs.map { chosen.instances[$0.instance].dataSet.string(.sopInstanceUID) ?? "" } : []
        return ImageSeriesInfo(geometry: plan.geometry, seriesInstanceUID: chosen.uid,
                               frameOfReferenceUID: chosen.header.string(.frameOfReferenceUID),
                               sopInstanceUIDs: uids, series: chosen, warnings: plan.warnings + source.notes)
    }

    private static func pick(in folder: String, for rt: RTStructureSet?,
                             series choice: SeriesChoice?) throws(ImageSourceError) -> (ImageSource, DicomSeries) {
        let source = try ImageSource.open(folder, selection: SeriesSelection(single: choice))
        guard source.format == .dicom else {
            throw .dicom(path: folder, reason: "contours need the DICOM image series, not a NIfTI file")
        }
        let images = source.imageSeries
        if choice == nil, images.count > 1 {
            let referenced = Set(rt?.referencedFrames.flatMap(\.seriesInstanceUIDs) ?? [])
            let frames = Set(rt?.referencedFrames.map(\.frameOfReferenceUID) ?? [])
            let inFrame = images.filter { frames.contains($0.dicom.header.string(.frameOfReferenceUID) ?? "") }
            if let s = images.first(where: { referenced.contains($0.seriesInstanceUID) }) { return (source, s.dicom) }
            if inFrame.count == 1 { return (source, inFrame[0].dicom) }
        }
        // The user's choice or the only image series; otherwise the error lists them all.
        guard let s = try source.singleSeries() else { throw .dicom(path: folder, reason: "no DICOM series") }
        return (source, s.dicom)
    }

    /// Rasterises the ROI `roi` (name or number), or every ROI as a label map (value = position
    /// in the structure set, 1-based), onto the image series in `imageFolder`, and writes NIfTI.
    public static func convert(rtstruct path: String, imageFolder: String, roi: String? = nil, series: SeriesChoice? = nil,
                               output: String, allowFrameOfReferenceMismatch: Bool = false,
                               rasterizer: ContourRasterizer = ContourRasterizer()) throws(RTStructError) -> Report {
        let rt = try RTStructureSet.read(path: path)
        let image = try imageSeries(in: imageFolder, for: rt, series: series)
        var notes = image.warnings
        notes += try rt.checkReferences(frameOfReferenceUID: image.frameOfReferenceUID, seriesInstanceUID: image.seriesInstanceUID,
                                        allowFrameOfReferenceMismatch: allowFrameOfReferenceMismatch)
        notes += rt.notes
        let g = image.geometry
        var selected = Array(rt.rois.enumerated())
        if let key = roi { selected = [(offset: 0, element: try rt.roi(key))] }
        guard roi != nil || rt.rois.count <= 255 else {
            throw .invalidArgument("\(rt.rois.count) ROIs do not fit an 8-bit label map; pick one with --roi")
        }
        guard var labels = try? LabelVolume(geometry: g, repeating: 0) else {
            throw .invalidArgument("cannot allocate a mask on grid \(g.size)")
        }
        let voxelML = g.spacing.x * g.spacing.y * g.spacing.z / 1000
        let present = Set(image.sopInstanceUIDs)
        var reports: [Report.ROIReport] = []
        for (i, r) in selected {
            let value = UInt8(i + 1)
            let result = try rt.mask(for: r, on: g, rasterizer: rasterizer, value: value)
            notes += result.notes
            if !present.isEmpty {
                let elsewhere = r.contours.filter { c in
                    !c.referencedSOPInstanceUIDs.isEmpty && c.referencedSOPInstanceUIDs.allSatisfy { !present.contains($0) }
                }.count
                if elsewhere > 0 {
                    notes.append("ROI \(r.number) (\(r.name)): \(elsewhere) contour(s) reference images that are not in \(imageFolder)")
                }
            }
            var count = 0
            for idx in result.mask.voxels.indices where result.mask.voxels[idx] != 0 {
                labels.voxels[idx] = value
                count += 1
            }
            reports.append(Report.ROIReport(number: r.number, name: r.name, label: Int(value), contours: result.usedContours,
                                            contouredSlices: result.contouredSlices, voxels: count,
                                            volumeML: Double(count) * voxelML))
        }
        do { try NIfTI.write(labels, to: output) } catch { throw .writeFailed(path: output, reason: error.description) }
        return Report(rtstruct: path, imageSeriesInstanceUID: image.seriesInstanceUID, output: output,
                      size: [g.size.x, g.size.y, g.size.z], spacing: [g.spacing.x, g.spacing.y, g.spacing.z],
                      rois: reports, notes: notes)
    }
}

extension RTStructBuilder.ImageSeries {
    /// The identity and geometry of a DICOM image series from `RTStructConversion.imageSeries`,
    /// with patient and study attributes taken from its first image.
    public init(_ info: RTStructConversion.ImageSeriesInfo) throws(RTStructError) {
        let h = info.series.header
        guard info.sopInstanceUIDs.count == info.geometry.size.z, !info.sopInstanceUIDs.contains("") else {
            throw .imageSeries(path: info.series.uid, reason: "contours can only reference single-frame series with a SOPInstanceUID per slice")
        }
        guard let study = h.string(.studyInstanceUID), let frame = info.frameOfReferenceUID else {
            throw .imageSeries(path: info.series.uid, reason: "the series has no StudyInstanceUID or FrameOfReferenceUID")
        }
        self.init(geometry: info.geometry, studyInstanceUID: study, seriesInstanceUID: info.seriesInstanceUID,
                  frameOfReferenceUID: frame, sopInstanceUIDs: info.sopInstanceUIDs,
                  sopClassUID: h.string(.sopClassUID) ?? "1.2.840.10008.5.1.4.1.1.4",
                  patientName: h.string(.patientName) ?? "", patientID: h.string(.patientID) ?? "",
                  patientBirthDate: h.string(.patientBirthDate) ?? "", patientSex: h.string(.patientSex) ?? "",
                  studyDate: h.string(.studyDate) ?? "", studyTime: h.string(.studyTime) ?? "",
                  studyID: h.string(.studyID) ?? "", accessionNumber: h.string(.accessionNumber) ?? "",
                  referringPhysicianName: h.string(.referringPhysicianName) ?? "")
    }
}
