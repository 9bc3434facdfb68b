import Evaluation
import Foundation
import Models
import Statistics
import Training
import Vocabulary

/// The paper's binary experiments (Table 6): Renal merged into Other, then for each of the six
/// pairs of Lung, Breast, Melanoma and Other a two-class network — the same classifier with a
/// 2-logit head — trained and tested only on the studies of its two classes, on the five-class
/// cross-validation's folds restricted to those studies (so still no patient in two folds), with
/// the binary sampling protocol (`ClassifierTrainingOptions.binaryTask`).
enum BinaryCrossValidation {
    /// What the binary tasks produced: one predictions table per task that had studies, and notes
    /// for the tasks that did not.
    struct Result {
        var tables: [BinaryPredictions]
        var notes: [String]
    }

    /// Trains every fold of every task with `classifier`'s inputs and writes
    /// `<out>/binary/predictions-<a>-vs-<b>.csv`; checkpoints go to `<out>/binary/<a>-vs-<b>/fold-N`.
    static func run(samples all: [ClassificationSample], plan: FoldPlan, classifier base: ClassifierConfig,
                    options: CrossValidationOptions, out: String, log: @Sendable (String) -> Void,
                    onEvent: (String, Int, ClassifierTrainingEvent) -> Void) throws -> Result {
        var classifier = base
        classifier.classCount = 2
        let training = options.training.binaryTask(perClassShare: options.binaryShare)
        let (prepared, usable) = CrossValidation.inputs(of: all, for: classifier)
        let folder = "\(out)/binary"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var result = Result(tables: [], notes: [])
        for task in BinaryTask.all {
            let (samples, inPair) = relabelled(prepared, for: task)
            let run = CrossValidation.FoldRun(name: task.description, folder: "\(folder)/\(task.slug)",
                                              classifier: classifier, training: training)
            let rows = try CrossValidation.trainFolds(run, samples: samples, plan: plan, include: { inPair[$0] && usable($0) },
                                                      options: options, log: log, onEvent: onEvent) { i, fold, p in
                let s = samples[i]
                let inputs = StudyInputs(t1ceState: CrossValidation.inputState(s.t1ce, s.t1ceState),
                                         flairState: CrossValidation.inputState(s.flair, s.flairState),
                                         probabilityMapUsed: classifier.usesProbabilityMap, scanner: s.scanner,
                                         sliceThickness: s.sliceThickness)
                return BinaryPredictionRow(studyID: s.studyID, patientID: s.patientID, fold: fold,
                                           label: all[i].site, probabilities: p,
                                           inputs: inputs)
            }
            guard !rows.isEmpty else {
                result.notes.append("\(task): no fold had studies of the pair to train and test on; skipped.")
                continue
            }
            let table = try BinaryPredictions(task: task, rows: rows)
            try table.write(to: "\(folder)/\(BinaryPredictions.fileName(task))")
            result.tables.append(table)
        }
        return result
    }

    /// The samples labelled for `task` (0 = first class, 1 = second, from the merged five-class
    /// label) and which of them belong to the pair. Studies outside the pair keep their label and
    /// must not be used.
    static func relabelled(_ samples: [ClassificationSample], for task: BinaryTask)
        -> (samples: [ClassificationSample], inPair: [Bool]) {
        var out = samples
        var inPair = [Bool](repeating: false, count: samples.count)
        for i in samples.indices {
            guard let k = task.classIndex(of: samples[i].site) else { continue }
            out[i].label = k
            inPair[i] = true
        }
        return (out, inPair)
    }
}
