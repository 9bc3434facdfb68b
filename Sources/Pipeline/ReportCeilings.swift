import Cohort
import Evaluation
import Foundation

/// The references a report prints beside the model's macro AUC, for `cv` and `evaluate`.
public enum ReportCeilings {
    /// The oracle references of the generated cohort in `cohortFolder` (`CohortCeiling`) on the
    /// studies of `predictions`, scored on the predictions' own folds so that model and
    /// reference see the same splits (on seeded patient folds instead when the predictions have
    /// fewer than two folds or one patient in two, and the method says so).
    ///
    /// Returns no ceilings and no note when the folder has no latent.csv (not a generated
    /// cohort: a hospital's data has no oracle); a note when it has one that cannot give them
    /// here (too small, or not the cohort the predictions came from).
    public static func fromCohort(folder cohortFolder: String, predictions: Predictions) -> (ceilings: [ReferenceCeiling], note: String?) {
        let cohortFolder = cohortFolder.isEmpty ? "." : cohortFolder
        guard FileManager.default.fileExists(atPath: cohortFolder + "/latent.csv") else { return ([], nil) }
        var foldOf: [String: Int] = [:], labelOf: [String: String] = [:]
        for row in predictions.rows {
            foldOf[row.studyID] = row.fold
            labelOf[row.studyID] = row.label.rawValue
        }
        let ownFolds = predictions.patientGroupedFolds != nil
        let ceiling: CohortCeiling
        do {
            ceiling = try CohortCeiling(directory: cohortFolder, studies: labelOf, foldOfStudy: ownFolds ? foldOf : nil)
        } catch {
            return ([], "Cohort ceiling not computed: \(error)")
        }
        let folds = ownFolds ? "out of fold on the same \(ceiling.latent.folds) folds"
            : "out of fold on \(ceiling.latent.folds) seeded folds grouped by patient (the predictions' folds are not usable: fewer than two, or a patient in two)"
        let how = "multinomial logistic regression on the generator's latent lesion features (docs/cohort.md), "
            + "\(ceiling.latent.samples) of these studies, \(folds); assumes every feature known without noise"
        return ([
            ReferenceCeiling(name: "Oracle, all latent features", macroAUC: ceiling.latent.macroAUC,
                             method: how + "; every feature of every study"),
            ReferenceCeiling(name: "Oracle, what the acquired modalities show", macroAUC: ceiling.acquired.macroAUC,
                             method: how + "; a FLAIR-only study loses enhancement and texture amplitude, which FLAIR "
                                 + "does not render (a synthesised T1 CE cannot restore them), and the acquired "
                                 + "modalities are a feature, as they are to the model"),
        ], nil)
    }
}
