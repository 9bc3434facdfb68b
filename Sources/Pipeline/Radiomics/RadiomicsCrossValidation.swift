import Evaluation
import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// Settings of `metorigin cv --model radiomics`.
public struct RadiomicsCVOptions: Sendable {
    public var folds = 10
    /// The fold plan's seed: the same seed gives the deep model's folds.
    public var seed: UInt64 = 42
    /// The inner validation share the deep model's `FoldPlan` is made with (it does not change the
    /// test folds; kept so the plan is literally the same).
    public var validationFraction = 0.1
    public var extraction = LesionExtractionOptions()
    public var classifier = RadiomicsClassifierOptions()
    public init() {}
}

/// The feature-based primary-site classifier's cross-validation: lesions of every acquired image
/// (truth or predicted masks), pyradiomics features, per-study rows (`StudyFeatureRow`), the
/// in-fold classifier (`RadiomicsClassifier`) on the deep model's folds, and the same
/// `predictions.csv`, `metrics.json` and `report.html`.
public enum RadiomicsCrossValidation {
    public static func run(manifestPath: String, outputFolder out: String, options: RadiomicsCVOptions,
                           log: @escaping @Sendable (String) -> Void) throws -> CrossValidationResult {
        let started = Date()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let manifest = try Manifest.read(path: manifestPath)
        try manifest.requirePrimarySites()
        let studies = manifest.studies
        log("cohort: \(studies.count) studies of \(Set(studies.map(\.patientID)).count) patients from \(manifestPath)")
        let items = try studies.map { FoldItem(studyID: $0.studyID, patientID: $0.patientID, label: try $0.primarySite().index) }
        let plan = try FoldPlan(items: items, folds: options.folds, seed: options.seed,
                                validationFraction: options.validationFraction)

        var extraction = options.extraction
        if extraction.cacheFolder == nil { extraction.cacheFolder = "\(out)/radiomics-cache" }
        let extractStart = Date()
        let lesions = try LesionExtraction.run(studies: studies, options: extraction, log: log)
        let lesionCount = lesions.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.lesions.count } }
        log(String(format: "radiomics: %d lesions in %d images in %.1f s", lesionCount,
                   lesions.reduce(0) { $0 + $1.count }, Date().timeIntervalSince(extractStart)))
        let columns = StudyFeatureRow.columns()
        let x = lesions.map { StudyFeatureRow.row($0) }
        try AtomicFile.write(StudyFeatureTable.csv(studies: studies, rows: x, columns: columns), to: "\(out)/study-features.csv")

        let fitStart = Date()
        let (probabilities, models) = try RadiomicsClassifier.crossValidate(
            x: x, items: items, plan: plan, classes: PrimarySite.allCases.count, options: options.classifier)
        log(String(format: "classifier: %d folds in %.1f s; L2 per fold %@", models.count, Date().timeIntervalSince(fitStart),
                   models.map { String($0.l2) }.joined(separator: ", ")))
        let predicted: Bool
        if case .probabilityMaps = extraction.masks { predicted = true } else { predicted = false }
        let fold = plan.foldOfItem
        var rows: [PredictionRow] = []
        for (i, study) in studies.enumerated() {
            guard let p = probabilities[i] else { continue }
            func state(_ m: String) -> InputState { lesions[i][m] != nil ? .real : .missing }
            rows.append(PredictionRow(studyID: study.studyID, patientID: study.patientID, fold: fold[i] + 1,
                                      label: try study.primarySite(), probabilities: p,
                                      t1ceState: state("t1ce"), flairState: state("flair"),
                                      probabilityMapUsed: predicted, scanner: study.scanner, sliceThickness: nil))
        }
        let predictions = try Predictions(rows: rows)
        try predictions.write(to: "\(out)/predictions.csv")

        let name = "Radiomics, " + extraction.masks.label
        let c = options.classifier
        let design = "\(options.folds)-fold cross-validation, stratified by class and grouped by patient (the deep model's "
            + "FoldPlan with the same seed: the same test folds). Model: pyradiomics features per lesion ("
            + "\(extraction.masks.label), lesions of at least \(extraction.minimumLesionVoxels) voxels), aggregated per "
            + "study into a T1 CE and a FLAIR block (\(columns.count) columns); in each training fold only: mean "
            + "imputation, " + (c.selectFeatures.map { "the \($0) features of largest ANOVA F, " } ?? "")
            + "standardisation and multinomial logistic regression with L2 chosen from "
            + c.l2Grid.map { String($0) }.joined(separator: ", ") + " by a \(c.innerFolds)-fold patient-grouped inner "
            + "cross-validation (pooled macro AUC)."
        var evaluation = EvaluationOptions(seed: options.seed, crossValidationDesign: design, referenceName: name,
                                           ablations: [], source: manifestPath)
        let cohort = ReportCeilings.fromCohort(folder: (manifestPath as NSString).deletingLastPathComponent,
                                               predictions: predictions)
        evaluation.ceilings = cohort.ceilings
        var report = try EvaluationReport(predictions: predictions, options: evaluation)
        report.explanation = explanation(models, columns: columns)
        var notes = ["Model: \(name). Feature rows: study-features.csv; per-image lesion features are cached in "
            + "\((extraction.cacheFolder! as NSString).lastPathComponent)/."]
        let missingMasks = zip(studies, lesions).reduce(0) { $0 + $1.0.realRows.count - $1.1.count }
        if missingMasks > 0 {
            notes.append("\(missingMasks) acquired images have no mask (no map in the index) and are treated as a missing modality.")
        }
        if let note = cohort.note { notes.append(note) }
        report.notes += notes
        let files = try report.write(to: out) + ["\(out)/predictions.csv", "\(out)/study-features.csv"]
        return CrossValidationResult(outputFolder: out, files: files, summary: report.textSummary(), notes: notes,
                                     seconds: Date().timeIntervalSince(started))
    }

    /// The strongest standardised coefficients per class, averaged over the fold models.
    static func explanation(_ models: [RadiomicsFoldModel], columns: [String]) -> FeatureExplanation? {
        guard !models.isEmpty else { return nil }
        var mean = [[Double]](repeating: [Double](repeating: 0, count: columns.count), count: PrimarySite.allCases.count)
        for model in models {
            for (k, row) in model.standardisedCoefficients(columns: columns.count).enumerated() {
                for j in row.indices { mean[k][j] += row[j] / Double(models.count) }
            }
        }
        return FeatureExplanation(
            method: "Standardised coefficients (log-odds per standard deviation of the feature, after the in-fold "
                + "imputation), averaged over the \(models.count) fold models (a feature a fold did not select counts 0 "
                + "there). Features are correlated, so a coefficient is a feature's share given the others, not its "
                + "strength alone.",
            features: columns, coefficients: mean)
    }
}
