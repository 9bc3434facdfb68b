import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// Writes a study as an MR Image Storage series (+ RTSTRUCT when contoured) through MedicalIO's
/// writers, with the scanner's identity and a protocol-like header (names, TR/TE/TI, contrast
/// agent) so that MedicalIO's series classifier recognises T1 CE and FLAIR as it would real data.
enum DicomStudyWriter {
    /// Writes the series into `seriesFolder` (relative to `root`) via a hidden `.partial` folder
    /// renamed when complete; returns the RTSTRUCT's relative path ("" when none).
    static func write(_ study: PlannedStudy, image: Volume<Int16>, truth: LabelVolume, contour: FLAIRContour,
                      seed: UInt64, root: String,
                      seriesFolder: String, rtstructPath: String?) throws(CohortError) -> String {
        // One study UID and frame of reference per session: both modalities of a session share
        // them, as they would coming off one scanner visit.
        let sessionSeed = SplitMix64(seed: seed, stream: 0xD1C0, UInt64(study.patientIndex), UInt64(study.session)).peek()
        let studyUID = DicomUID.make(seed: sessionSeed, "study", study.studyID)
        let frameUID = DicomUID.make(seed: sessionSeed, "frame", study.studyID)
        let seriesNumber = study.modality == .t1ce ? 3 : 5
        var options = DicomSeriesWriterOptions(
            seed: sessionSeed ^ UInt64(seriesNumber), patientName: "Synthetic^\(study.patientID)",
            patientID: study.patientID, studyDescription: "MR BRAIN W WO CONTRAST (MetOrigin synthetic)",
            seriesDescription: seriesDescription(study), seriesNumber: seriesNumber,
            date: "20200101", time: "120000", studyInstanceUID: studyUID, frameOfReferenceUID: frameUID)
        options.date = String(format: "2020%02d%02d", 1 + Int(sessionSeed % 12), 1 + Int((sessionSeed >> 8) % 28))
        var dataSets: [DicomDataSet]
        do { dataSets = try DicomSeriesWriter.dataSets(for: image, options: options) } catch {
            throw .output(path: root + "/" + seriesFolder, reason: error.description)
        }
        for i in dataSets.indices { describeAcquisition(&dataSets[i], study: study) }
        let final = root + "/" + seriesFolder
        let parent = (final as NSString).deletingLastPathComponent
        let partial = parent + "/." + (final as NSString).lastPathComponent + ".partial"
        let fm = FileManager.default
        try? fm.removeItem(atPath: partial)
        try OutputFolder.makeDirectory(partial)
        // Slices go into the hidden folder with plain writes, flushed together at the end: the
        // folder rename is the atomic step, so a temporary name per slice would buy nothing.
        var paths: [String] = []
        for (k, ds) in dataSets.enumerated() {
            let path = partial + "/" + String(format: "IM%06d.dcm", k + 1)
            let bytes: [UInt8]
            do { bytes = try DicomWriter.encode(ds, name: path) } catch { throw .output(path: path, reason: error.description) }
            do { try AtomicFile.writeInPlace(Data(bytes), to: path) } catch { throw .output(path: path, reason: error.reason) }
            paths.append(path)
        }
        for path in paths + [partial] {
            let fd = open(path, O_RDONLY)
            guard fd >= 0, fsync(fd) == 0 else {
                if fd >= 0 { close(fd) }
                throw .output(path: path, reason: "fsync: " + String(cString: strerror(errno)))
            }
            close(fd)
        }
        var written = ""
        if let rtstructPath, study.contoured {
            let uids = dataSets.map { $0.string(.sopInstanceUID) ?? "" }
            let series = RTStructBuilder.ImageSeries(
                geometry: image.geometry, studyInstanceUID: studyUID,
                seriesInstanceUID: dataSets.first?.string(.seriesInstanceUID) ?? "", frameOfReferenceUID: frameUID,
                sopInstanceUIDs: uids, patientName: options.patientName, patientID: study.patientID,
                studyDate: options.date, studyTime: options.time, studyID: "1")
            let labels = contour.labels(on: study.modality)
            let tumour = truth.map { labels.contains($0) ? UInt8(1) : 0 }
            let builder = RTStructBuilder(series: series,
                                          structures: [RTStructBuilder.Structure(name: contour.structureName(on: study.modality),
                                                                                 mask: tumour,
                                                                                 label: 1, interpretedType: "GTV",
                                                                                 generationAlgorithm: "MANUAL")],
                                          label: "METS", seriesDescription: "Metastases contours",
                                          date: Date(timeIntervalSince1970: 1_577_880_000), uidSeed: sessionSeed)
            do { try builder.write(to: root + "/" + rtstructPath) } catch {
                throw .output(path: root + "/" + rtstructPath, reason: error.description)
            }
            written = rtstructPath
        }
        // The series appears under its final name only once every slice is on disk.
        try? fm.removeItem(atPath: final)
        guard rename(partial, final) == 0 else {
            throw .output(path: final, reason: "rename: " + String(cString: strerror(errno)))
        }
        let parentFD = open(parent, O_RDONLY)
        if parentFD >= 0 { fsync(parentFD); close(parentFD) }
        return written
    }

    static func seriesDescription(_ study: PlannedStudy) -> String {
        switch (study.scanner.manufacturer == "SIEMENS", study.modality) {
        case (true, .t1ce): "t1_mprage_tra_p2_iso POST GD"
        case (true, .flair): "t2_tirm_tra_dark-fluid"
        case (false, .t1ce): "AX 3D T1 SPGR +C"
        case (false, .flair): "AX T2 FLAIR"
        }
    }

    /// Scanner identity and protocol-like sequence parameters on top of the writer's header.
    static func describeAcquisition(_ ds: inout DicomDataSet, study: PlannedStudy) {
        let s = study.scanner
        ds.set(.manufacturer, .LO, s.manufacturer)
        ds.set(.manufacturerModelName, .LO, s.modelName)
        ds.set(.magneticFieldStrength, decimals: [s.fieldStrength])
        ds.set(.protocolName, .LO, seriesDescription(study))
        switch study.modality {
        case .t1ce:
            ds.set(.contrastBolusAgent, .LO, "GADOLINIUM")
            ds.set(.mrAcquisitionType, .CS, "3D")
            ds.set(.scanningSequence, .CS, strings: s.manufacturer == "SIEMENS" ? ["GR", "IR"] : ["GR"])
            ds.set(.repetitionTime, decimals: [s.manufacturer == "SIEMENS" ? 2300 : 8.5])
            ds.set(.echoTime, decimals: [s.manufacturer == "SIEMENS" ? 2.3 : 3.2])
            // MPRAGE is inversion-prepared: IR in ScanningSequence makes InversionTime required.
            if s.manufacturer == "SIEMENS" { ds.set(.inversionTime, decimals: [900]) }
        case .flair:
            ds.set(.mrAcquisitionType, .CS, "2D")
            ds.set(.scanningSequence, .CS, strings: ["SE", "IR"])
            ds.set(.repetitionTime, decimals: [s.fieldStrength > 2 ? 9000 : 8002])
            ds.set(.echoTime, decimals: [s.fieldStrength > 2 ? 81 : 120])
            ds.set(.inversionTime, decimals: [s.fieldStrength > 2 ? 2500 : 2000])
        }
    }
}
