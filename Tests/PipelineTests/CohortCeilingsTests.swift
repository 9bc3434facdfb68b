import Cohort
import Evaluation
import Foundation
import Pipeline
import Testing

/// The cohort ceilings `cv` and `evaluate` print: computed on the predictions' studies and folds.
@Suite struct CohortCeilingsTests {
    @Test func ceilingsOfAGeneratedCohortFolderOnThePredictionsFolds() throws {
        let root = NSTemporaryDirectory() + "metorigin-ceilings-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let s = try CohortGenerator.latentSample(patients: 400, seed: 4, mix: .balanced, atlas: TissueAtlas.phantom(spacing: 6))
        var manifest = "patient_id,study_id,modality,label\n"
        var latent = "patient_id,study_id,label,contoured," + LatentFeatures.names.joined(separator: ",") + "\n"
        var rows: [PredictionRow] = [], patientOrder: [String: Int] = [:]
        for i in s.features.indices {
            let label = CohortLabel.allCases[s.labels[i]].rawValue, id = "S\(i)"
            for m in s.acquired[i].sorted() { manifest += "\(s.patients[i]),\(id),\(m.rawValue),\(label)\n" }
            latent += "\(s.patients[i]),\(id),\(label),0," + s.features[i].map { String($0) }.joined(separator: ",") + "\n"
            if patientOrder[s.patients[i]] == nil { patientOrder[s.patients[i]] = patientOrder.count }
            let fold = patientOrder[s.patients[i]]! % 4 + 1
            rows.append(PredictionRow(studyID: id, patientID: s.patients[i], fold: fold,
                                      label: PrimarySite.allCases[s.labels[i]], probabilities: [0.2, 0.2, 0.2, 0.2, 0.2]))
        }
        try manifest.write(toFile: root + "/manifest.csv", atomically: true, encoding: .utf8)
        try latent.write(toFile: root + "/latent.csv", atomically: true, encoding: .utf8)
        let predictions = try Predictions(rows: rows)
        let (ceilings, note) = CohortCeilings.compute(cohortFolder: root, predictions: predictions)
        #expect(note == nil)
        #expect(ceilings.map(\.name) == ["Oracle, all latent features", "Oracle, what the acquired modalities show"])
        #expect(ceilings.allSatisfy { $0.macroAUC > 0.75 && $0.macroAUC < 1 && $0.method.contains("same 4 folds") }, "\(ceilings)")
        // Not a generated cohort: nothing to say.
        let none = CohortCeilings.compute(cohortFolder: root + "/elsewhere", predictions: predictions)
        #expect(none.ceilings.isEmpty && none.note == nil)
    }
}
