import Evaluation
import Foundation
import MedicalIO
import Models
import Statistics
import Torch
import Training
import Vocabulary

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
    /// The preset the settings started from (recorded in the run identity).
    public var presetName: String?
    /// Folder of tumour probability maps with its `index.csv` (`metorigin segment maps`); nil runs
    /// every configuration without maps.
    public var probabilityMaps: String?
    /// Also train the six binary classifiers of Table 6 (`BinaryCrossValidation`).
    public var binary = false
    /// Share of each class's training studies sampled per epoch in the binary tasks.
    public var binaryShare = ClassSampler.paperBinaryShare
    /// Preprocessing cache (default: `<out>/cache`).
    public var cacheFolder: String?
    public var device: Device = .cpu
    public init() {}
}

/// What a cross-validation produced.
public struct CrossValidationResult: Sendable, Encodable {
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
                           onEvent: @escaping (String, Int, ClassifierTrainingEvent) -> Void = { _, _, _ in }) throws -> CrossValidationResult {
        let started = Date()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let manifest = try Manifest.read(path: manifestPath)
        try manifest.requirePrimarySites()
        try CVRunIdentity(manifestPath: manifestPath, options: options).record(in: out, resume: options.resume)
        let studies = manifest.studies
        let filled = studies.filter { $0.rows.contains(where: \.synthetic) }.count
        log("cohort: \(studies.count) studies of \(Set(studies.map(\.patientID)).count) patients from \(manifestPath)"
            + (filled > 0 ? ", \(filled) with a synthetic modality" : ""))

        // Folds over studies, grouped by patient and stratified by class.
        let items = try studies.map { FoldItem(studyID: $0.studyID, patientID: $0.patientID, label: try $0.primarySite().index) }
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
        var evaluation = EvaluationOptions(seed: options.training.seed, crossValidationDesign: design,
                                           referenceName: full.0.name,
                                           ablations: results.dropFirst().map { ($0.0.name, $0.1) },
                                           source: manifestPath)
        let cohort = ReportCeilings.fromCohort(folder: (manifestPath as NSString).deletingLastPathComponent,
                                               predictions: full.1)
        evaluation.ceilings = cohort.ceilings
        if let note = cohort.note { notes.append(note) }
        var report = try EvaluationReport(predictions: full.1, options: evaluation)
        report.notes += notes
        var binaryFiles: [String] = []
        if options.binary {
            let binary = try BinaryCrossValidation.run(samples: samples, plan: plan, classifier: full.0.classifier,
                                                       options: options, out: out, log: log, onEvent: onEvent)
            var binaryEvaluation = evaluation
            binaryEvaluation.crossValidationDesign = design + " Binary tasks: the same folds restricted to the two "
                + "classes' studies, so a patient is still tested in one fold only."
            var binaryReport = try BinaryTaskReport(binary.tables, options: binaryEvaluation)
            let share = Int((options.binaryShare * 100).rounded())
            binaryReport.notes.insert("Binary training as the five-class model's except sampling and loss weights: each "
                + "epoch a fresh random \(share) % of every class's training studies (our reading of the paper's \"60% "
                + "samples were randomly selected from the category in each epoch\", docs/decisions.md), inverse "
                + "class-frequency weights in the cross-entropy; inputs as the '\(full.0.name)' configuration.", at: 0)
            binaryReport.notes += binary.notes
            binaryFiles = try binaryReport.write(to: "\(out)/binary")
            report.binaryTasks = binaryReport
        }
        let files = try report.write(to: out) + binaryFiles
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

    /// Trains and tests every fold of one configuration; returns its out-of-fold rows.
    static func runConfiguration(_ cfg: CVConfiguration, samples all: [ClassificationSample], plan: FoldPlan,
                                 options: CrossValidationOptions, out: String, log: @Sendable (String) -> Void,
                                 onEvent: (String, Int, ClassifierTrainingEvent) -> Void) throws -> [PredictionRow] {
        let (samples, usable) = inputs(of: all, for: cfg.classifier, syntheticInputs: cfg.syntheticInputs)
        let run = FoldRun(name: cfg.name, folder: "\(out)/\(cfg.slug)", classifier: cfg.classifier, training: options.training)
        return try trainFolds(run, samples: samples, plan: plan, include: usable, options: options, log: log,
                              onEvent: onEvent) { i, fold, p in
            let s = samples[i]
            return PredictionRow(studyID: s.studyID, patientID: s.patientID, fold: fold,
                                 label: s.site, probabilities: p,
                                 t1ceState: inputState(s.t1ce, all[i].t1ceState),
                                 flairState: inputState(s.flair, all[i].flairState),
                                 probabilityMapUsed: cfg.classifier.usesProbabilityMap, scanner: s.scanner,
                                 sliceThickness: s.sliceThickness)
        }
    }

    /// `sample` as `classifier` sees it: the branches it lacks, a map it does not use and, unless
    /// `syntheticInputs`, synthetic images are removed.
    static func inputs(of sample: ClassificationSample, for classifier: ClassifierConfig,
                       syntheticInputs: Bool) -> ClassificationSample {
        var s = sample
        if !classifier.branches.contains(.t1ce) || (!syntheticInputs && s.t1ceState == .synthetic) { s.t1ce = nil }
        if !classifier.branches.contains(.flair) || (!syntheticInputs && s.flairState == .synthetic) { s.flair = nil }
        if !classifier.usesProbabilityMap { s.probability = nil }
        return s
    }

    /// `sample` as one configuration of the cross-validation sees it.
    static func inputs(of sample: ClassificationSample, for configuration: CVConfiguration) -> ClassificationSample {
        inputs(of: sample, for: configuration.classifier, syntheticInputs: configuration.syntheticInputs)
    }

    /// The samples as `classifier` sees them and which studies it can use: those left with an
    /// image for one of its branches (so a single-modality model sees only studies that have
    /// its modality, as it is fed), and with a map when it needs one.
    static func inputs(of all: [ClassificationSample], for classifier: ClassifierConfig, syntheticInputs: Bool = true)
        -> (samples: [ClassificationSample], usable: (Int) -> Bool) {
        let samples = all.map { inputs(of: $0, for: classifier, syntheticInputs: syntheticInputs) }
        let usable: (Int) -> Bool = { i in
            let s = samples[i]
            return (!classifier.usesProbabilityMap || s.probability != nil) && (s.t1ce != nil || s.flair != nil)
        }
        return (samples, usable)
    }

    /// How a modality reached the model: missing when the configuration removed it.
    static func inputState(_ input: [Float]?, _ state: InputState) -> InputState {
        input == nil ? .missing : InputState(rawValue: state.rawValue) ?? .missing
    }

    /// One network trained fold by fold: what to call it, where its checkpoints go, its shape
    /// and its training protocol.
    struct FoldRun {
        var name: String
        /// `fold-N/` subfolders hold each fold's checkpoints and finished predictions.
        var folder: String
        var classifier: ClassifierConfig
        var training: ClassifierTrainingOptions
    }

    /// Trains and tests every fold of `plan` on the studies `include` accepts; `row` turns a
    /// tested study (its index, its 1-based fold, the class probabilities) into an output row.
    /// A fold whose rows are already on disk (from an interrupted run) is not trained again.
    static func trainFolds<Row: Codable>(_ run: FoldRun, samples: [ClassificationSample], plan: FoldPlan,
                                         include: (Int) -> Bool, options: CrossValidationOptions,
                                         log: @Sendable (String) -> Void, onEvent: (String, Int, ClassifierTrainingEvent) -> Void,
                                         row: (Int, Int, [Double]) -> Row) throws -> [Row] {
        var rows: [Row] = []
        for f in 0..<plan.foldCount {
            let folder = "\(run.folder)/fold-\(f + 1)"
            let done = "\(folder)/predictions.json"
            if options.resume, let data = FileManager.default.contents(atPath: done),
               let saved = try? JSONDecoder().decode([Row].self, from: data) {
                log("\(run.name) fold \(f + 1)/\(plan.foldCount): already done, reusing its predictions")
                rows += saved
                continue
            }
            let train = plan.training(fold: f).filter(include)
            let validation = plan.validation(fold: f).filter(include)
            let test = plan.test(fold: f).filter(include)
            guard !train.isEmpty, !test.isEmpty else { continue }
            log("\(run.name) fold \(f + 1)/\(plan.foldCount): training on \(train.count) studies, validating on \(validation.count), testing on \(test.count)")
            var training = run.training
            training.seed = run.training.seed &+ UInt64(f)
            let trainer = try ClassifierTrainer(config: run.classifier, options: training, device: options.device,
                                                checkpointFolder: folder)
            try trainer.train(samples: samples, training: train, validation: validation, resume: options.resume) { event in
                onEvent(run.name, f, event)
            }
            let probs = try trainer.predict(samples: samples, indices: test)
            let foldRows = zip(test, probs).map { row($0, f + 1, $1) }
            try AtomicFile.write(try JSONEncoder().encode(foldRows), to: done)
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
