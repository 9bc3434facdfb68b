import Evaluation
import Foundation
import MedicalIO
import Models
import Torch
import Training
import Vocabulary

/// What `segment bench` compares: networks × modalities, all at one preset and seed.
public struct SegmentationBenchRequest: Sendable {
    public var manifestPath: String
    public var preset: String
    public var outputFolder: String
    public var seed: UInt64 = 0
    public var maxEpochs: Int?
    /// Overrides the preset's stopping-rule patience.
    public var patience: Int?
    public var architectures = SegmentationArchitecture.allCases
    public var modalities = SegmentationDataError.modalities
    /// A second manifest whose contoured studies are scored beside the validation split, never
    /// trained on: lesion-free controls (`cohort generate --lesion-free`) for the false-positive
    /// volume, or another cohort. Its patients must not appear in `manifestPath`.
    public var controlsManifestPath: String?
    public var device: Device = .cpu
    public var threads = 2
    /// Overrides of the preset (nil: the preset's).
    public var network: SegmentationNetworkConfig?
    public var grid: SegmentationGrid?
    public var options: SegmentationTrainingOptions?
    /// Continue an interrupted bench in the same output folder: a network whose folder holds a
    /// finished model trained with this bench's settings is loaded, not retrained (its recorded
    /// training result and wall time are reported); one with checkpoints but no model continues
    /// from its last checkpoint. Also lets the networks be trained by separate processes
    /// (`--arch`), then scored together.
    public var resume = false

    public init(manifestPath: String, preset: String, outputFolder: String) {
        self.manifestPath = manifestPath
        self.preset = preset
        self.outputFolder = outputFolder
    }
}

/// One network on one modality in `metrics.json`.
public struct SegmentationBenchEntry: Codable, Sendable {
    public var network: String
    public var modality: String
    public var parameters: Int
    public var training: SegmentationTrainingResult
    public var trainingSeconds: Double
    public var summary: SegmentationSummary
    public var studies: [StudySegmentationMetrics]
}

/// What `segment bench` wrote.
public struct SegmentationBenchOutcome: Sendable, Encodable {
    /// The Table-3 layout (Dice mean ± SD per network and modality).
    public var table: String
    public var entries: [SegmentationBenchEntry]
    public var metricsPath: String
    public var figurePath: String?
    public var seconds: Double
}

/// `metorigin segment bench`: trains every requested network on every requested modality on the
/// same patient split (one `SegmentationTrainingJob` each, sharing the preprocessing cache),
/// segments the validation studies on their own grids and scores them lesion-wise against the
/// contours (`StudySegmentationMetrics`). Writes `table.txt` (the paper's Table 3 layout),
/// `metrics.json` (summaries and per-study, per-lesion records), `figure.png` (one slice per
/// modality: truth, then each network's contour over it) and a model directory per network
/// under `<out>/<modality>/<network>/`.
public enum SegmentationBench {
    public static func run(_ request: SegmentationBenchRequest, log: (String) -> Void = { _ in },
                           onEvent: (String, SegmentationArchitecture, SegmentationTrainingEvent) -> Void = { _, _, _ in })
        throws(SegmentationJobError) -> SegmentationBenchOutcome {
        let started = Date()
        let out = request.outputFolder
        let manifest: Manifest
        do { manifest = try Manifest.read(path: request.manifestPath) } catch { throw .manifest(error) }
        let controls = try readControls(request.controlsManifestPath, beside: manifest)
        var entries: [SegmentationBenchEntry] = []
        var figureRows: [SegmentationFigure.Row] = []
        for modality in request.modalities {
            var validation: [ContouredStudy] = []
            var predictions: [String: LabelVolume] = [:]
            let controlStudies = try controls.map { c throws(SegmentationJobError) in
                try SegmentationEvaluation.load(c.rows.filter { $0.modality == modality && $0.contoured && !$0.synthetic }, manifest: c)
            } ?? []
            for arch in request.architectures {
                var job = SegmentationTrainingRequest(manifestPath: request.manifestPath, modality: modality, architecture: arch,
                                                      preset: request.preset, outputFolder: "\(out)/\(modality)/\(arch.rawValue)")
                job.seed = request.seed
                job.maxEpochs = request.maxEpochs
                job.patience = request.patience
                job.device = request.device
                job.threads = request.threads
                job.network = request.network
                job.grid = request.grid
                job.options = request.options
                job.cacheFolder = out + "/cache"
                let model: SegmentationModel
                let result: SegmentationTrainingResult, parameters: Int, seconds: Double
                if request.resume, let finished = try finishedModel(job, manifest: manifest) {
                    log("\(modality) \(arch.rawValue): trained before, loaded from \(job.outputFolder)")
                    model = finished.model
                    (result, seconds) = (finished.provenance.result, finished.provenance.seconds)
                    parameters = model.network.parameterCount
                } else {
                    job.resume = request.resume && FileManager.default.fileExists(atPath: job.outputFolder + "/checkpoints/last.safetensors")
                    log("\(modality) \(arch.rawValue): " + (job.resume ? "continuing the training" : "training"))
                    let trained = try SegmentationTrainingJob.run(job, log: log, onEvent: { onEvent(modality, arch, $0) })
                    do { model = try SegmentationModel.load(from: trained.modelFolder, device: request.device) } catch { throw .model(error) }
                    (result, parameters, seconds) = (trained.result, trained.parameters, trained.seconds)
                }
                if validation.isEmpty {
                    let ids = Set(model.info.training?.validationStudies ?? [])
                    validation = try SegmentationEvaluation.load(manifest.rows.filter { ids.contains($0.studyID) && $0.modality == modality },
                                                                 manifest: manifest)
                }
                let scored = try SegmentationEvaluation.score(model, on: validation + controlStudies)
                predictions[arch.rawValue] = scored.firstMask
                let summary = SegmentationSummary(scored.metrics)
                log("\(modality) \(arch.rawValue): validation Dice \(summary.dice.formatted())"
                    + (summary.studiesWithoutLesions > 0 ? ", false-positive volume on \(summary.studiesWithoutLesions) lesion-free "
                        + "studies \(summary.emptyStudyFalsePositiveVolumeML.formatted(digits: 2)) mL" : ""))
                entries.append(SegmentationBenchEntry(network: arch.rawValue, modality: modality, parameters: parameters,
                                                      training: result, trainingSeconds: seconds, summary: summary,
                                                      studies: scored.metrics))
            }
            if let first = validation.first ?? controlStudies.first {
                figureRows.append(SegmentationFigure.Row(label: modality, image: first.image, truth: first.truth,
                                                         predictions: request.architectures.compactMap { a in predictions[a.rawValue].map { (a.rawValue, $0) } }))
            }
        }
        let table = SegmentationTable.render(request.architectures.map { a in
            SegmentationTable.Row(network: a.rawValue,
                                  t1ce: entries.first { $0.network == a.rawValue && $0.modality == "t1ce" }?.summary.dice,
                                  flair: entries.first { $0.network == a.rawValue && $0.modality == "flair" }?.summary.dice)
        })
        do { try AtomicFile.write(table, to: out + "/table.txt") } catch { throw .writeFailed(path: error.path, reason: error.reason) }
        let metricsPath = out + "/metrics.json"
        try SegmentationEvaluation.writeJSON(Report(manifest: manifest.path, controls: controls?.path, preset: request.preset,
                                                    seed: request.seed, table: table, entries: entries), to: metricsPath)
        var figurePath: String?
        if !figureRows.isEmpty {
            figurePath = out + "/figure.png"
            do { try AtomicFile.write(try SegmentationFigure.png(figureRows), to: figurePath!) } catch {
                throw .writeFailed(path: figurePath!, reason: "\(error)")
            }
        }
        return SegmentationBenchOutcome(table: table, entries: entries, metricsPath: metricsPath, figurePath: figurePath,
                                        seconds: Date().timeIntervalSince(started))
    }

    struct Report: Encodable {
        var manifest: String
        var controls: String?
        var preset: String
        var seed: UInt64
        var table: String
        var entries: [SegmentationBenchEntry]
    }

    /// The finished model an earlier run left in `job`'s folder, or nil where there is none. A
    /// model trained with other settings (network, grid, options, seed, preset or manifest) is an
    /// error: reusing it would mix protocols in one table, and retraining over it would lose it.
    static func finishedModel(_ job: SegmentationTrainingRequest, manifest: Manifest)
        throws(SegmentationJobError) -> (model: SegmentationModel, provenance: SegmentationProvenance)? {
        let folder = job.outputFolder
        guard FileManager.default.fileExists(atPath: folder + "/model.json") else { return nil }
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: folder, device: job.device) } catch { throw .model(error) }
        let (network, grid, options) = try SegmentationTrainingJob.settings(of: job)
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let info = model.info
        guard let provenance = info.training, info.architecture == job.architecture, info.modality == job.modality,
              info.network == network, info.grid == grid, provenance.options == options, provenance.preset == job.preset,
              absolute(provenance.manifest) == absolute(manifest.path) else {
            throw .invalidArgument("\(folder) holds a model trained with other settings than this bench's "
                                   + "(network, grid, options, seed, preset or manifest); choose another --out or remove it")
        }
        return (model, provenance)
    }

    /// The controls manifest, checked to share no patient with the training manifest.
    static func readControls(_ path: String?, beside manifest: Manifest) throws(SegmentationJobError) -> Manifest? {
        guard let path else { return nil }
        let controls: Manifest
        do { controls = try Manifest.read(path: path) } catch { throw .manifest(error) }
        let training = Set(manifest.rows.map(\.patientID))
        if let shared = controls.rows.first(where: { training.contains($0.patientID) }) {
            throw .invalidArgument("\(path): patient \(shared.patientID) is also in \(manifest.path); controls must be other patients "
                                   + "(a lesion-free cohort from `cohort generate --lesion-free` numbers them C0001…)")
        }
        guard controls.rows.contains(where: \.contoured) else {
            throw .invalidArgument("\(path): no contoured study to score (controls need a contour, empty for a lesion-free study)")
        }
        return controls
    }
}
