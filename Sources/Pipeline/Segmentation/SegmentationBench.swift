import Evaluation
import Foundation
import MedicalIO
import Models
import Torch
import Training

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
    public var device: Device = .cpu
    public var threads = 2
    /// Overrides of the preset (nil: the preset's).
    public var network: SegmentationNetworkConfig?
    public var grid: SegmentationGrid?
    public var options: SegmentationTrainingOptions?

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
public struct SegmentationBenchOutcome: Sendable {
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
        var entries: [SegmentationBenchEntry] = []
        var figureRows: [SegmentationFigure.Row] = []
        for modality in request.modalities {
            var validation: [(row: ManifestRow, image: ImageVolume, truth: LabelVolume)] = []
            var predictions: [String: LabelVolume] = [:]
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
                log("\(modality) \(arch.rawValue): training")
                let trained = try SegmentationTrainingJob.run(job, log: log, onEvent: { onEvent(modality, arch, $0) })
                let model: SegmentationModel
                do { model = try SegmentationModel.load(from: trained.modelFolder, device: request.device) } catch { throw .model(error) }
                if validation.isEmpty { validation = try loadValidation(model.info.training?.validationStudies ?? [], modality: modality, manifest: manifest) }
                var studies: [StudySegmentationMetrics] = []
                for v in validation {
                    let prediction: SegmentationPrediction
                    do { prediction = try model.predict(v.image, path: v.row.path) } catch { throw .model(error) }
                    if predictions[arch.rawValue] == nil { predictions[arch.rawValue] = prediction.mask }
                    do { studies.append(try StudySegmentationMetrics(studyID: v.row.studyID, truth: v.truth, prediction: prediction.mask)) } catch {
                        throw .invalidArgument("\(error)")
                    }
                }
                let summary = SegmentationSummary(studies)
                log("\(modality) \(arch.rawValue): validation Dice \(summary.dice.formatted())")
                entries.append(SegmentationBenchEntry(network: arch.rawValue, modality: modality, parameters: trained.parameters,
                                                      training: trained.result, trainingSeconds: trained.seconds, summary: summary,
                                                      studies: studies))
            }
            if let first = validation.first {
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let report = Report(manifest: manifest.path, preset: request.preset, seed: request.seed, table: table, entries: entries)
        do { try AtomicFile.write(try encoder.encode(report), to: metricsPath) } catch {
            throw .writeFailed(path: metricsPath, reason: "\(error)")
        }
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
        var preset: String
        var seed: UInt64
        var table: String
        var entries: [SegmentationBenchEntry]
    }

    /// The validation studies' images and contours on their own grids.
    static func loadValidation(_ ids: [String], modality: String, manifest: Manifest) throws(SegmentationJobError)
        -> [(row: ManifestRow, image: ImageVolume, truth: LabelVolume)] {
        var out: [(row: ManifestRow, image: ImageVolume, truth: LabelVolume)] = []
        for id in ids {
            guard let row = manifest.rows.first(where: { $0.studyID == id && $0.modality == modality }) else { continue }
            let image: ImageVolume
            do { image = try ImageLoader.load(path: row.path) } catch { throw .image(error) }
            do { out.append((row, image, try SegmentationStudy.tumourMask(row, image: image, manifestPath: manifest.path))) } catch {
                throw .data(error)
            }
        }
        return out
    }
}
