import Cohort
import Evaluation
import Foundation

/// The synthetic cohort's ceilings (`CohortCeiling`) as report lines, for `cv` and `evaluate`.
public enum CohortCeilings {
    /// The ceilings of the cohort in `cohortFolder` on the studies of `predictions`, scored on
    /// the predictions' own folds, so model and ceiling see the same splits. Returns no ceilings
    /// and no note when the folder has no latent.csv (not a generated cohort: a hospital's data
    /// has no ceiling); a note when it has one that cannot give a ceiling here.
    public static func compute(cohortFolder: String, predictions: Predictions) -> (ceilings: [ReferenceCeiling], note: String?) {
        let cohortFolder = cohortFolder.isEmpty ? "." : cohortFolder
        guard FileManager.default.fileExists(atPath: cohortFolder + "/latent.csv") else { return ([], nil) }
        var foldOf: [String: Int] = [:]
        for row in predictions.rows { foldOf[row.studyID] = row.fold }
        let ceiling: CohortCeiling
        do {
            ceiling = try CohortCeiling(directory: cohortFolder, studies: Set(foldOf.keys), foldOfStudy: foldOf)
        } catch {
            return ([], "Cohort ceiling not computed: \(error)")
        }
        let how = "multinomial logistic regression on the generator's latent lesion features (docs/cohort.md), "
            + "\(ceiling.latent.samples) of these studies, out-of-fold on the same \(ceiling.latent.folds) folds"
        return ([
            ReferenceCeiling(name: "Oracle, all latent features", macroAUC: ceiling.latent.macroAUC,
                             method: how + "; every feature of every study"),
            ReferenceCeiling(name: "Oracle, what the acquired modalities show", macroAUC: ceiling.acquired.macroAUC,
                             method: how + "; a FLAIR-only study loses enhancement and texture amplitude, which FLAIR "
                                 + "does not render (a synthesised T1 CE cannot restore them) — the ceiling for an "
                                 + "image-based model, reached only if the images gave every feature without noise"),
        ], nil)
    }
}
