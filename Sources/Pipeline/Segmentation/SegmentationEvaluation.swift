import Evaluation
import Foundation
import MedicalIO
import Torch
import Training
import Vocabulary

/// A contoured study ready to be scored: its manifest row, image and tumour mask on the image's
/// own grid.
public struct ContouredStudy: Sendable {
    public var row: ManifestRow
    public var image: ImageVolume
    public var truth: LabelVolume
}

/// What `segment evaluate` asks for.
public struct SegmentationEvaluationRequest: Sendable {
    public var modelFolder: String
    public var manifestPath: String
    /// Where `metrics.json` goes; nil writes nothing.
    public var outputFolder: String?
    public var device: Device = .cpu
    /// Also score the studies the model was trained on (when the manifest is its training
    /// manifest); off by default because those figures flatter the model.
    public var includeTrainingStudies = false

    public init(modelFolder: String, manifestPath: String) {
        self.modelFolder = modelFolder
        self.manifestPath = manifestPath
    }
}

/// What `segment evaluate` found.
public struct SegmentationEvaluationOutcome: Sendable {
    public var modality: String
    public var summary: SegmentationSummary
    public var studies: [StudySegmentationMetrics]
    /// Contoured studies left out because the model was trained on them.
    public var skippedTrainingStudies: Int
    public var metricsPath: String?
    /// What `metrics.json` holds (model, manifest, summary, per-study records).
    public var json: Data
    public var seconds: Double
}

/// Scoring a trained segmentation model on contoured studies: `segment evaluate` on any
/// manifest (a held-out cohort, the user's own contoured scans, lesion-free controls from
/// `cohort generate --lesion-free`), and `segment bench` on its validation split and controls.
/// Studies without any lesion count towards the false-positive volume, not the Dice
/// (`SegmentationSummary`).
public enum SegmentationEvaluation {
    public static func run(_ request: SegmentationEvaluationRequest) throws(SegmentationJobError) -> SegmentationEvaluationOutcome {
        let started = Date()
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: request.modelFolder, device: request.device) } catch { throw .model(error) }
        let manifest: Manifest
        do { manifest = try Manifest.read(path: request.manifestPath) } catch { throw .manifest(error) }
        let modality = model.info.modality
        var rows = manifest.rows.filter { $0.modality == modality && $0.contoured && !$0.synthetic }
        var skipped = 0
        if !request.includeTrainingStudies, let training = model.info.training, sameFile(training.manifest, manifest.path) {
            let seen = Set(training.trainingStudies)
            skipped = rows.filter { seen.contains($0.studyID) }.count
            rows.removeAll { seen.contains($0.studyID) }
        }
        guard !rows.isEmpty else {
            throw .data(.noContouredStudies(manifest: request.manifestPath, modality: modality))
        }
        let studies = try score(model, on: try load(rows, manifest: manifest)).metrics
        let summary = SegmentationSummary(studies)
        let json = try encode(Report(model: request.modelFolder, manifest: manifest.path, modality: modality,
                                     skippedTrainingStudies: skipped, summary: summary, studies: studies))
        var metricsPath: String?
        if let out = request.outputFolder {
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw .writeFailed(path: out, reason: "\(error)")
            }
            metricsPath = out + "/metrics.json"
            do { try AtomicFile.write(json, to: metricsPath!) } catch { throw .writeFailed(path: metricsPath!, reason: "\(error)") }
        }
        return SegmentationEvaluationOutcome(modality: modality, summary: summary, studies: studies, skippedTrainingStudies: skipped,
                                             metricsPath: metricsPath, json: json, seconds: Date().timeIntervalSince(started))
    }

    /// Images and contours of `rows`, each on its own grid.
    static func load(_ rows: [ManifestRow], manifest: Manifest) throws(SegmentationJobError) -> [ContouredStudy] {
        var out: [ContouredStudy] = []
        for row in rows {
            let image: ImageVolume
            do { image = try ImageLoader.load(row) } catch { throw .image(error) }
            do {
                out.append(ContouredStudy(row: row, image: image,
                                          truth: try SegmentationStudy.tumourMask(row, image: image, manifestPath: manifest.path)))
            } catch {
                throw .data(error)
            }
        }
        return out
    }

    /// Segments every study with `model` and scores it lesion-wise; also returns the first
    /// study's predicted mask (for the bench's figure).
    static func score(_ model: SegmentationModel, on studies: [ContouredStudy]) throws(SegmentationJobError)
        -> (metrics: [StudySegmentationMetrics], firstMask: LabelVolume?) {
        var metrics: [StudySegmentationMetrics] = []
        var first: LabelVolume?
        for study in studies {
            let prediction: SegmentationPrediction
            do { prediction = try model.predict(study.image, path: study.row.path) } catch { throw .model(error) }
            if first == nil { first = prediction.mask }
            do { metrics.append(try StudySegmentationMetrics(studyID: study.row.studyID, truth: study.truth, prediction: prediction.mask)) } catch {
                throw .invalidArgument("\(error)")
            }
        }
        return (metrics, first)
    }

    /// Pretty, sorted JSON written atomically; non-finite numbers as strings.
    static func writeJSON(_ value: some Encodable, to path: String) throws(SegmentationJobError) {
        let data = try encode(value)
        do { try AtomicFile.write(data, to: path) } catch { throw .writeFailed(path: path, reason: "\(error)") }
    }

    static func encode(_ value: some Encodable) throws(SegmentationJobError) -> Data {
        do { return try ResultJSON.encode(value) } catch { throw .invalidArgument("cannot encode the metrics as JSON: \(error)") }
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }

    struct Report: Encodable {
        var model: String
        var manifest: String
        var modality: String
        var skippedTrainingStudies: Int
        var summary: SegmentationSummary
        var studies: [StudySegmentationMetrics]
    }
}
