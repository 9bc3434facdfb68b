import Evaluation
import Foundation
import MedicalIO
import Statistics
import Torch
import Training
import Vocabulary

/// Settings of `metorigin cv --model lesion`.
public struct LesionCrossValidationOptions: Sendable {
    /// Where a study's lesions come from.
    public enum Instances: Sendable, Equatable {
        /// Components of the probability maps in this folder (`metorigin segment maps`, its index.csv).
        case probabilityMaps(folder: String)
        /// Components of the manifest's truth label maps: the labelled reference run.
        case truth
    }

    public var folds = 10
    public var instances: Instances
    public var training = LesionTrainingOptions.paper
    public var resume = false
    public var device: Device = .cpu
    /// Studies loaded in parallel.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(instances: Instances) { self.instances = instances }
}

/// Cross-validation of the lesion-level classifier on the paper model's patient-grouped folds
/// (`FoldPlan` with the same seed, so the same studies are tested in the same fold): loads every
/// study's lesions and crops once, trains a `LesionTrainer` per fold, and writes
/// `predictions.csv`, `lesions.csv` (every lesion with its attention weight), `metrics.json`
/// and `report.html` through `EvaluationReport`.
public enum LesionCrossValidation {
    public static func run(manifestPath: String, outputFolder out: String, options: LesionCrossValidationOptions,
                           log: @escaping @Sendable (String) -> Void) throws -> CrossValidationResult {
        let started = Date()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let manifest = try Manifest.read(path: manifestPath)
        try manifest.requirePrimarySites()
        let studies = manifest.studies
        log("cohort: \(studies.count) studies of \(Set(studies.map(\.patientID)).count) patients from \(manifestPath)")
        let items = try studies.map { FoldItem(studyID: $0.studyID, patientID: $0.patientID, label: try $0.primarySite().index) }
        let training = options.training
        let plan = try FoldPlan(items: items, folds: options.folds, seed: training.seed,
                                validationFraction: training.validationFraction)

        let source: LesionInstanceSource
        let sourceText: String
        switch options.instances {
        case .probabilityMaps(let folder):
            source = .probabilityMaps(try ProbabilityMapIndex.read(path: "\(folder)/\(ProbabilityMapIndex.fileName)"))
            sourceText = "probability maps in \(folder) (threshold \(training.detection.threshold))"
        case .truth:
            source = .truth
            sourceText = "the manifest's truth label maps (labels 1–2): a reference with perfect segmentation"
        }
        let loadStart = Date()
        let loaded = try LesionSampleLoader.load(studies, source: source, detection: training.detection, crop: training.crop,
                                                 threads: options.threads)
        let usable = loaded.indices.filter { loaded[$0] != nil }
        // Studies without an instance map keep their slot (the fold plan indexes studies) but are
        // never trained or tested on.
        let samples = loaded.map { $0 ?? placeholder }
        let lesionCount = usable.reduce(0) { $0 + samples[$1].lesions.count }
        let empty = usable.filter { samples[$0].lesions.isEmpty }.count
        log(String(format: "lesions from %@: %d in %d studies (%d without a lesion), %d studies without a map; %.1f s",
                   sourceText, lesionCount, usable.count, empty, studies.count - usable.count, Date().timeIntervalSince(loadStart)))
        guard !usable.isEmpty else { throw CVError.noPredictions }
        let include = Set(usable)

        var rows: [PredictionRow] = []
        var lesionRows: [LesionRow] = []
        for f in 0..<plan.foldCount {
            let folder = "\(out)/lesion/fold-\(f + 1)"
            let done = "\(folder)/predictions.json"
            if options.resume, let data = FileManager.default.contents(atPath: done),
               let saved = try? JSONDecoder().decode(FoldResult.self, from: data) {
                log("lesion fold \(f + 1)/\(plan.foldCount): already done, reusing its predictions")
                rows += saved.rows
                lesionRows += saved.lesions
                continue
            }
            let train = plan.training(fold: f).filter(include.contains)
            let validation = plan.validation(fold: f).filter(include.contains)
            let test = plan.test(fold: f).filter(include.contains)
            guard !train.isEmpty, !test.isEmpty else { continue }
            log("lesion fold \(f + 1)/\(plan.foldCount): training on \(train.count) studies, validating on \(validation.count), testing on \(test.count)")
            var foldTraining = training
            foldTraining.seed = training.seed &+ UInt64(f)
            let trainer = try LesionTrainer(options: foldTraining, device: options.device, checkpointFolder: folder)
            let outcome = try trainer.train(samples: samples, training: train, validation: validation, resume: options.resume) { event in
                if case .epochFinished(let s) = event {
                    log(String(format: "  lesion fold %d epoch %d: train loss %.4f, validation macro AUC %.3f%@, %.1f s",
                               f + 1, s.epoch + 1, s.trainLoss, s.metrics.validationMacroAUC, s.isBest ? " (best)" : "", s.seconds))
                }
            }
            log("lesion fold \(f + 1): best epoch \(outcome.bestEpoch + 1) of \(outcome.epochs)")
            let predictions = try trainer.predict(samples: samples, indices: test)
            let result = FoldResult(rows: zip(test, predictions).map { row(samples[$0], fold: f + 1, $1) },
                                    lesions: zip(test, predictions).flatMap { LesionRow.rows(samples[$0], fold: f + 1, $1) })
            try AtomicFile.write(try JSONEncoder().encode(result), to: done)
            rows += result.rows
            lesionRows += result.lesions
        }
        let predictions = try Predictions(rows: rows)
        try predictions.write(to: "\(out)/predictions.csv")
        try AtomicFile.write(LesionRow.csv(lesionRows), to: "\(out)/lesions.csv")

        let crop = training.crop
        let notes = [
            "Model: lesion-level multiple-instance classifier. Lesions are the 26-connected components of \(sourceText) of at least \(training.detection.minimumML) mL, on the T1 CE map where the study has one, else on the FLAIR map; with both maps FLAIR components are matched to T1 CE lesions by centroid (≤ \(training.detection.matchDistanceMM) mm). Each of a study's \(crop.maxLesions) largest lesions is cropped (\(crop.size)³ voxels at \(crop.spacingMM) mm: T1 CE, FLAIR, map), encoded by a shared 3D CNN and pooled by gated attention; lesion count and volumes are study descriptors. Epoch chosen by inner-validation macro AUC.",
            "Studies without a lesion found: \(empty) of \(usable.count), classified from their descriptors alone (lesions.csv lists them with lesion 0). Studies without an instance map (not tested): \(studies.count - usable.count).",
        ]
        let design = "\(options.folds)-fold cross-validation, stratified by class and grouped by patient (the same FoldPlan and seed as the whole-brain model), with an inner validation split of \(Int(training.validationFraction * 100)) % of each fold's training patients choosing the epoch by macro AUC."
        var evaluation = EvaluationOptions(seed: training.seed, crossValidationDesign: design,
                                           referenceName: "Lesion-level model (\(source.name) lesions)", source: manifestPath)
        let cohort = ReportCeilings.fromCohort(folder: (manifestPath as NSString).deletingLastPathComponent, predictions: predictions)
        evaluation.ceilings = cohort.ceilings
        var report = try EvaluationReport(predictions: predictions, options: evaluation)
        report.notes += notes + (cohort.note.map { [$0] } ?? [])
        let files = try report.write(to: out) + ["predictions.csv", "lesions.csv"]
        return CrossValidationResult(outputFolder: out, files: files, summary: report.textSummary(), notes: notes,
                                     seconds: Date().timeIntervalSince(started))
    }

    /// Stands in for a study that has no instance map; never trained or tested on.
    static let placeholder = LesionStudySample(studyID: "", patientID: "", site: .other, label: PrimarySite.other.index,
                                               scanner: "", sliceThickness: nil, t1ceState: .missing, flairState: .missing,
                                               lesions: [], crops: [])

    static func row(_ s: LesionStudySample, fold: Int, _ p: LesionPrediction) -> PredictionRow {
        PredictionRow(studyID: s.studyID, patientID: s.patientID, fold: fold, label: s.site, probabilities: p.probabilities,
                      t1ceState: s.t1ceState, flairState: s.flairState, probabilityMapUsed: true, scanner: s.scanner,
                      sliceThickness: s.sliceThickness)
    }

    /// One fold's finished output, saved so an interrupted run can resume after it.
    struct FoldResult: Codable {
        var rows: [PredictionRow]
        var lesions: [LesionRow]
    }
}
