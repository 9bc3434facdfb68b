import Foundation
import MedicalIO
import Torch
import Training
import Vocabulary

/// What `segment maps` did.
public struct ProbabilityMapsOutcome: Sendable, Encodable {
    public var indexPath: String
    public var computed: Int
    public var cached: Int
    /// "study: why" for each study that could not be processed.
    public var failures: [String]
    public var seconds: Double
}

/// `metorigin segment maps`: a model's tumour probability map for every study of its modality
/// in a manifest, contoured or not — the classifier's third input. Maps are written as NIfTI
/// on each study's own grid under `<out>/<modality>/<study_id>.nii.gz` and listed in
/// `<out>/index.csv` (`ProbabilityMapIndex`). A study whose map was already made by the same
/// model (fingerprint of its directory) from the same image contents is skipped; the index is
/// rewritten after every study, so an interrupted run keeps what it did.
public enum ProbabilityMaps {
    public static func run(modelFolder: String, manifestPath: String, outputFolder: String, device: Device = .cpu,
                           progress: (_ done: Int, _ total: Int, _ studyID: String, _ cached: Bool) -> Void = { _, _, _, _ in })
        throws(SegmentationJobError) -> ProbabilityMapsOutcome {
        let started = Date()
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: modelFolder, device: device) } catch { throw .model(error) }
        guard let modelID = SegmentationModel.fingerprint(of: modelFolder) else {
            throw .model(.unreadable(path: modelFolder, reason: "cannot fingerprint the model directory"))
        }
        let manifest: Manifest
        do { manifest = try Manifest.read(path: manifestPath) } catch { throw .manifest(error) }
        let modality = model.info.modality
        // Maps describe acquired images; the classifier never reads one of a synthetic image.
        let rows = manifest.rows.filter { $0.modality == modality && !$0.synthetic }
        guard !rows.isEmpty else {
            throw .data(.noContouredStudies(manifest: manifestPath, modality: modality))
        }
        let folder = outputFolder + "/" + modality
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: folder, reason: "\(error)")
        }
        let indexPath = outputFolder + "/" + ProbabilityMapIndex.fileName
        var index = ProbabilityMapIndex()
        if FileManager.default.fileExists(atPath: indexPath) {
            do { index = try ProbabilityMapIndex.read(path: indexPath) } catch { throw .manifest(error) }
        }
        var computed = 0, cached = 0
        var failures: [String] = []
        for (n, row) in rows.enumerated() {
            let mapPath = folder + "/" + safeName(row.studyID) + ".nii.gz"
            guard let digest = SegmentationModel.fingerprint(ofInput: row.path) else {
                failures.append("\(row.studyID): \(row.path) does not exist")
                continue
            }
            if let old = index.entry(studyID: row.studyID, modality: modality), old.model == modelID, old.inputDigest == digest,
               FileManager.default.fileExists(atPath: old.probabilityPath) {
                cached += 1
                progress(n + 1, rows.count, row.studyID, true)
                continue
            }
            let prediction: SegmentationPrediction
            do {
                let image = try ImageLoader.load(row)
                prediction = try model.predict(image, path: row.path)
            } catch {
                failures.append("\(row.studyID): \(error)")
                continue
            }
            try SegmentationInferenceJob.write(prediction, probability: mapPath, mask: nil)
            let g = prediction.mask.geometry
            let voxels = prediction.mask.voxels.reduce(0) { $0 + Int($1) }
            let entry = ProbabilityMapEntry(patientID: row.patientID, studyID: row.studyID, modality: modality, probabilityPath: mapPath,
                                            imagePath: row.path, model: modelID, inputDigest: digest,
                                            tumourML: Double(voxels) * g.spacing.x * g.spacing.y * g.spacing.z / 1000,
                                            maxProbability: Double(prediction.probability.voxels.max() ?? 0))
            index.entries.removeAll { $0.studyID == row.studyID && $0.modality == modality }
            index.entries.append(entry)
            do { try index.write(to: indexPath) } catch { throw .writeFailed(path: indexPath, reason: error.reason) }
            computed += 1
            progress(n + 1, rows.count, row.studyID, false)
        }
        do { try index.write(to: indexPath) } catch { throw .writeFailed(path: indexPath, reason: error.reason) }
        return ProbabilityMapsOutcome(indexPath: indexPath, computed: computed, cached: cached, failures: failures,
                                      seconds: Date().timeIntervalSince(started))
    }

    /// A study ID as a file name: anything but letters, digits, '-', '_' and '.' becomes '_'.
    static func safeName(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
