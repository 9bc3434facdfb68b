import Evaluation
import Foundation
import MedicalIO
import Models
import Torch
import Training

/// One configuration of a cross-validation: the full model or an ablation (Table 5).
public struct CVConfiguration: Sendable {
    /// Name used in tables and file names ("Full model", "T1 CE only", …).
    public var name: String
    public var slug: String
    public var classifier: ClassifierConfig
    /// Whether the configuration is fed the synthetic images of a filled manifest
    /// (`metorigin transfer fill`); without them a study's unacquired modality is `.missing`.
    public var syntheticInputs: Bool
}

/// Settings of `metorigin cv`.
public struct CrossValidationOptions: Sendable {
    public var folds = 10
    public var classifier = ClassifierConfig.demo
    public var training = ClassifierTrainingOptions.demo
    /// Run the single-modality ablations beside the full model.
    public var ablations = true
    public var resume = false
    /// Folder of tumour probability maps with its `index.csv` (`metorigin segment maps`); nil runs
    /// every configuration without maps.
    public var probabilityMaps: String?
    /// Preprocessing cache (default: `<out>/cache`).
    public var cacheFolder: String?
    public var device: Device = .cpu
    public init() {}
}

/// What a cross-validation produced.
public struct CrossValidationResult: Sendable {
    public var outputFolder: String
    public var files: [String]
    public var summary: String
    public var notes: [String]
    public var seconds: Double
}

/// The paper's 10-fold cross-validation of the primary-site classifier, grouped by patient,
/// with its statistics: trains every fold of every configuration, collects out-of-fold
/// probabilities, and writes `predictions.csv`, `metrics.json` and `report.html`.
public enum CrossValidation {
    public static func run(manifestPath: String, outputFolder out: String, options: CrossValidationOptions,
                           log: @escaping @Sendable (String) -> Void,
                           onEvent: @escaping (String, Int, TrainingEvent) -> Void = { _, _, _ in }) throws -> CrossValidationResult {
        let started = Date()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let manifest = try Manifest.read(path: manifestPath)
        let studies = manifest.studies
        let filled = studies.filter { $0.rows.contains(where: \.synthetic) }.count
        log("cohort: \(studies.count) studies of \(Set(studies.map(\.patientID)).count) patients from \(manifestPath)"
            + (filled > 0 ? ", \(filled) with a synthetic modality" : ""))

        // Folds over studies, grouped by patient and stratified by class.
        let items = studies.map { FoldItem(studyID: $0.studyID, patientID: $0.patientID, label: $0.labelIndex) }
        let plan = try FoldPlan(items: items, folds: options.folds, seed: options.training.seed,
                                validationFraction: options.training.validationFraction)

        // Preprocess every study onto the classifier grid (cached).
        let c = options.classifier
        let pre = Preprocessor(size: GridSize(c.inputSize[2], c.inputSize[1], c.inputSize[0]),
                               spacing: Spacing(c.spacing[0], c.spacing[1], c.spacing[2]),
                               cacheFolder: options.cacheFolder ?? "\(out)/cache")
        let loadStart = Date()
        var maps: ProbabilityMapIndex?
        if let folder = options.probabilityMaps {
            maps = try ProbabilityMapIndex.read(path: "\(folder)/\(ProbabilityMapIndex.fileName)")
        }
        let samples = try SampleLoader.load(studies, preprocessor: pre, maps: maps,
                                            threads: ProcessInfo.processInfo.activeProcessorCount)
        log(String(format: "preprocessed %d studies onto %@ at %@ in %.1f s", samples.count,
                   "\(c.inputSize[2])×\(c.inputSize[1])×\(c.inputSize[0])", "\(c.spacing) mm", Date().timeIntervalSince(loadStart)))

        let mapped = samples.filter { $0.probability != nil }.count
        var notes = [
            options.probabilityMaps == nil
                ? "Probability maps: not used — no --probability-maps folder was given, so every configuration runs without them and the 'Without Prob' ablation is not separate."
                : "Probability maps: \(mapped) of \(samples.count) studies have a map from \(options.probabilityMaps!) (max-pooled onto the classifier grid); configurations with maps use only those studies.",
            filled > 0
                ? "Missing modalities: \(filled) of \(studies.count) studies have their unacquired modality synthesised by modality transfer (manifest column 'synthetic'); the full model takes them as inputs (recorded as 'synthetic'). 'Real inputs only' drops them on the same folds (the modality is 'missing'), and the single-modality ablations use acquired images only."
                : "Missing modalities: not synthesised — the manifest has no synthetic rows (`metorigin transfer fill` writes them), so a study's absent modality is recorded as 'missing' and its branch contributes zero features.",
        ]
        let configurations = makeConfigurations(options, synthetic: filled > 0)
        var results: [(CVConfiguration, Predictions)] = []
        for configuration in configurations {
            let rows = try runConfiguration(configuration, samples: samples, plan: plan, options: options, out: out,
                                            log: log, onEvent: onEvent)
            guard !rows.isEmpty else { notes.append("\(configuration.name): no study has the inputs it needs; skipped."); continue }
            let predictions = try Predictions(rows: rows)
            try predictions.write(to: "\(out)/\(configuration.slug == "full" ? "predictions" : "predictions-\(configuration.slug)").csv")
            results.append((configuration, predictions))
        }
        guard let full = results.first, full.0.slug == "full" else { throw CVError.noPredictions }
        let design = "\(options.folds)-fold cross-validation, stratified by class and grouped by patient (no patient in two folds; the paper does not state patient grouping, we enforce it), with an inner validation split of \(Int(options.training.validationFraction * 100)) % of each fold's training patients for early stopping. Ablations use the same folds."
        let evaluation = EvaluationOptions(seed: options.training.seed, crossValidationDesign: design,
                                           referenceName: full.0.name,
                                           ablations: results.dropFirst().map { ($0.0.name, $0.1) },
                                           source: manifestPath)
        var report = try EvaluationReport(predictions: full.1, options: evaluation)
        report.notes += notes
        let files = try report.write(to: out)
        let seconds = Date().timeIntervalSince(started)
        return CrossValidationResult(outputFolder: out, files: files, summary: report.textSummary(), notes: notes, seconds: seconds)
    }

    /// The full model first, then the ablations of Table 5. With `synthetic` (the manifest has
    /// synthetic rows) the full model and "Without probability map" take the synthetic images,
    /// "Real inputs only" is the full model without them, and the single-modality ablations see
    /// only acquired images of their modality — a synthetic image carries no information beyond
    /// its source, so feeding it to a one-branch model would test the other modality under its name.
    static func makeConfigurations(_ o: CrossValidationOptions, synthetic: Bool = false) -> [CVConfiguration] {
        let withMaps = o.probabilityMaps != nil
        let base = o.classifier.ablated(usesProbabilityMap: withMaps)
        var list = [CVConfiguration(name: synthetic ? "Both modalities (real + synthetic)" : "Both modalities", slug: "full",
                                    classifier: base, syntheticInputs: true)]
        guard o.ablations else { return list }
        if withMaps {
            list.append(CVConfiguration(name: "Without probability map", slug: "no-prob",
                                        classifier: base.ablated(usesProbabilityMap: false), syntheticInputs: true))
        }
        if synthetic {
            list.append(CVConfiguration(name: "Real inputs only", slug: "real-only", classifier: base, syntheticInputs: false))
        }
        list.append(CVConfiguration(name: "T1 CE only", slug: "t1ce-only", classifier: base.ablated(branches: [.t1ce]),
                                    syntheticInputs: false))
        list.append(CVConfiguration(name: "T2 FLAIR only", slug: "flair-only", classifier: base.ablated(branches: [.flair]),
                                    syntheticInputs: false))
        return list
    }

    /// `sample` as `configuration` sees it: the branches it lacks, a map it does not use and
    /// synthetic images it is not fed are removed.
    static func inputs(of sample: ClassificationSample, for configuration: CVConfiguration) -> ClassificationSample {
        let c = configuration.classifier
        var s = sample
        if !c.branches.contains(.t1ce) || (!configuration.syntheticInputs && s.t1ceState == .synthetic) { s.t1ce = nil }
        if !c.branches.contains(.flair) || (!configuration.syntheticInputs && s.flairState == .synthetic) { s.flair = nil }
        if !c.usesProbabilityMap { s.probability = nil }
        return s
    }

    /// Trains and tests every fold of one configuration; returns its out-of-fold rows. A fold
    /// whose predictions are already on disk (from an interrupted run) is not trained again.
    static func runConfiguration(_ cfg: CVConfiguration, samples all: [ClassificationSample], plan: FoldPlan,
                                 options: CrossValidationOptions, out: String, log: @Sendable (String) -> Void,
                                 onEvent: (String, Int, TrainingEvent) -> Void) throws -> [PredictionRow] {
        // A single-modality configuration sees only studies that have its modality (as it is fed).
        let samples = all.map { inputs(of: $0, for: cfg) }
        let usable: (Int) -> Bool = { i in
            let s = samples[i]
            return (!cfg.classifier.usesProbabilityMap || s.probability != nil) && (s.t1ce != nil || s.flair != nil)
        }
        var rows: [PredictionRow] = []
        for f in 0..<plan.foldCount {
            let folder = "\(out)/\(cfg.slug)/fold-\(f + 1)"
            let done = "\(folder)/predictions.json"
            if options.resume, let data = FileManager.default.contents(atPath: done),
               let saved = try? JSONDecoder().decode([PredictionRow].self, from: data) {
                log("\(cfg.name) fold \(f + 1)/\(plan.foldCount): already done, reusing its predictions")
                rows += saved
                continue
            }
            let train = plan.training(fold: f).filter(usable)
            let validation = plan.validation(fold: f).filter(usable)
            let test = plan.test(fold: f).filter(usable)
            guard !train.isEmpty, !test.isEmpty else { continue }
            log("\(cfg.name) fold \(f + 1)/\(plan.foldCount): training on \(train.count) studies, validating on \(validation.count), testing on \(test.count)")
            var training = options.training
            training.seed = options.training.seed &+ UInt64(f)
            let trainer = try ClassifierTrainer(config: cfg.classifier, options: training, device: options.device,
                                                checkpointFolder: folder)
            try trainer.train(samples: samples, training: train, validation: validation, resume: options.resume) { event in
                onEvent(cfg.name, f, event)
            }
            let probs = try trainer.predict(samples: samples, indices: test)
            let foldRows = zip(test, probs).map { (i, p) -> PredictionRow in
                let s = samples[i]
                return PredictionRow(studyID: s.studyID, patientID: s.patientID, fold: f + 1,
                                     label: PrimarySite(index: s.label) ?? .other, probabilities: p,
                                     t1ceState: ModalityState(rawValue: s.t1ce == nil ? "missing" : all[i].t1ceState.rawValue) ?? .missing,
                                     flairState: ModalityState(rawValue: s.flair == nil ? "missing" : all[i].flairState.rawValue) ?? .missing,
                                     probabilityMapUsed: cfg.classifier.usesProbabilityMap, scanner: s.scanner,
                                     sliceThickness: s.sliceThickness)
            }
            let encoded = try JSONEncoder().encode(foldRows)
            try AtomicFile.write(encoded, to: done)
            rows += foldRows
        }
        return rows
    }
}

/// Cross-validation failures that are not another module's error.
public enum CVError: Error, CustomStringConvertible {
    case noPredictions
    public var description: String {
        switch self {
        case .noPredictions: return "the full model produced no predictions (no study had the inputs it needs)"
        }
    }
}
