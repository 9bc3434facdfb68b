import Foundation
import MedicalIO
import Vocabulary

/// Where a study's files go and how they are written.
///
/// Layout under the cohort folder (paths in the manifest are relative to it):
/// - `studies/P0001/S1/t1ce.nii.gz` (NIfTI) or `studies/P0001/S1/t1ce/` (DICOM series folder);
/// - `studies/P0001/S1/t1ce_rtstruct.dcm` for contoured DICOM studies, or
///   `studies/P0001/S1/t1ce_contour.nii.gz` (binary mask) for contoured NIfTI studies, because an
///   RTSTRUCT must reference DICOM image instances; either holds the labels `flairContour` says
///   (1–2 on T1 CE; on FLAIR 1–2 by default, 1–3 with `.lesion`);
/// - `truth/P0001/S1/t1ce_labels.nii.gz`: evaluation truth (0 background, 1 enhancing, 2 core,
///   3 oedema), kept apart from the images.
///
/// Every file is written under a temporary name and renamed when complete; a DICOM series is
/// written into a hidden `.partial` folder renamed as a whole. The image is written last, and
/// the manifest after all studies, so an interrupted run never presents a half-written study.
struct StudyLayout: Sendable {
    let root: String
    let format: CohortOptions.Format
    var flairContour: FLAIRContour = .tumour

    func write(_ study: PlannedStudy, image: Volume<Int16>, truth: LabelVolume, seed: UInt64) throws(CohortError) -> CohortManifestRow {
        let folder = "studies/\(study.patientID)/S\(study.session)"
        let truthFolder = "truth/\(study.patientID)/S\(study.session)"
        try OutputFolder.makeDirectory(root + "/" + folder)
        try OutputFolder.makeDirectory(root + "/" + truthFolder)
        let m = study.modality.rawValue
        let truthPath = "\(truthFolder)/\(m)_labels.nii.gz"
        try writeNIfTI(truth, to: truthPath, description: "MetOrigin truth 0 bg 1 enh 2 core 3 oedema")
        var rtstructPath = ""
        let imagePath: String
        switch format {
        case .nifti:
            if study.contoured {
                rtstructPath = "\(folder)/\(m)_contour.nii.gz"
                let labels = flairContour.labels(on: study.modality)
                try writeNIfTI(truth.map { labels.contains($0) ? UInt8(1) : 0 }, to: rtstructPath,
                               description: flairContour.maskDescription(on: study.modality))
            }
            imagePath = "\(folder)/\(m).nii.gz"
            try writeNIfTI(image, to: imagePath, description: "MetOrigin synthetic \(m) \(study.scanner.rawValue)")
        case .dicom:
            imagePath = "\(folder)/\(m)"
            let written = try DicomStudyWriter.write(study, image: image, truth: truth, contour: flairContour,
                                                     seed: seed, root: root,
                                                     seriesFolder: imagePath,
                                                     rtstructPath: study.contoured ? "\(folder)/\(m)_rtstruct.dcm" : nil)
            rtstructPath = written
        }
        let g = image.geometry
        return CohortManifestRow(study: study, path: imagePath, rtstructPath: rtstructPath, truthPath: truthPath,
                           spacing: g.spacing, size: g.size)
    }

    private func writeNIfTI<T: NIfTIStorable>(_ v: Volume<T>, to relative: String, description: String) throws(CohortError) {
        var options = NIfTIWriteOptions()
        options.description = description
        do { try NIfTI.write(v, to: root + "/" + relative, options: options) } catch {
            throw .output(path: root + "/" + relative, reason: "\(error)")
        }
    }
}

/// Checks and prepares the output folder.
enum OutputFolder {
    /// The cohort's own entries: the only things `--force` removes.
    static let owned = ["studies", "truth", "manifest.csv", "manifest.json", "latent.csv", "lesions.csv"]

    static func prepare(_ path: String, force: Bool) throws(CohortError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .output(path: path, reason: "exists and is not a folder") }
            let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            if !entries.isEmpty {
                guard force else {
                    throw .output(path: path, reason: "folder is not empty (use --force to replace a cohort there)")
                }
                let foreign = entries.filter { !owned.contains($0) && !$0.hasPrefix(".") }
                guard foreign.isEmpty else {
                    throw .output(path: path, reason: "--force only replaces a cohort folder, but it also holds "
                                  + foreign.prefix(3).joined(separator: ", "))
                }
                for e in entries where owned.contains(e) {
                    do { try fm.removeItem(atPath: path + "/" + e) } catch {
                        throw .output(path: path + "/" + e, reason: "cannot remove: \(error.localizedDescription)")
                    }
                }
            }
        } else {
            try makeDirectory(path)
        }
        // Probe: a folder we cannot write into fails here, before any rendering.
        let probe = path + "/.metorigin-write-probe"
        guard fm.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            throw .output(path: path, reason: "folder is not writable")
        }
        try? fm.removeItem(atPath: probe)
    }

    static func makeDirectory(_ path: String) throws(CohortError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .output(path: path, reason: error.localizedDescription)
        }
    }
}
