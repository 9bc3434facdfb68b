import Cohort
import Evaluation
import Foundation
import Pipeline
import Testing
import Vocabulary

/// The cohort references `cv` and `evaluate` print: computed on the predictions' studies and
/// folds, and refused (with a note) when the folder is not the predictions' cohort.
@Suite struct ReportCeilingsTests {
    /// A generated-cohort folder (manifest.csv, latent.csv) from a latent sample, and predictions
    /// on its first `studies` studies with `folds` folds dealt by patient.
    static func fixture(_ name: String, studies: Int = .max, folds: Int = 4,
                        synthetic: Bool = false) throws -> (folder: String, predictions: Predictions) {
        let root = NSTemporaryDirectory() + "metorigin-ceilings-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let s = try CohortGenerator.latentSample(patients: 400, seed: 4, mix: .balanced, atlas: TissueAtlas.phantom(spacing: 6))
        var manifest = "patient_id,study_id,modality,label,synthetic\n"
        var latent = "patient_id,study_id,label,contoured," + LatentFeatures.names.joined(separator: ",") + "\n"
        var rows: [PredictionRow] = [], patientOrder: [String: Int] = [:]
        for i in s.features.indices {
            let label = PrimarySite.allCases[s.labels[i]].rawValue, id = "S\(i)", patient = s.patients[i]
            for m in s.acquired[i].sorted() { manifest += "\(patient),\(id),\(m.rawValue),\(label),0\n" }
            if synthetic, s.acquired[i] == [.flair] { manifest += "\(patient),\(id),t1ce,\(label),1\n" }
            latent += "\(patient),\(id),\(label),0," + s.features[i].map { String($0) }.joined(separator: ",") + "\n"
            if patientOrder[patient] == nil { patientOrder[patient] = patientOrder.count }
            guard i < studies else { continue }
            rows.append(PredictionRow(studyID: id, patientID: patient, fold: patientOrder[patient]! % folds + 1,
                                      label: PrimarySite.allCases[s.labels[i]], probabilities: [0.2, 0.2, 0.2, 0.2, 0.2]))
        }
        try manifest.write(toFile: root + "/manifest.csv", atomically: true, encoding: .utf8)
        try latent.write(toFile: root + "/latent.csv", atomically: true, encoding: .utf8)
        return (root, try Predictions(rows: rows))
    }

    @Test func referencesOnThePredictionsFolds() throws {
        let (root, predictions) = try Self.fixture("folds")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (ceilings, note) = ReportCeilings.fromCohort(folder: root, predictions: predictions)
        #expect(note == nil)
        #expect(ceilings.map(\.name) == ["Oracle, all latent features", "Oracle, what the acquired modalities show"])
        #expect(ceilings.allSatisfy { $0.macroAUC > 0.75 && $0.macroAUC < 1 && $0.method.contains("same 4 folds") },
                "\(ceilings)")
        // Not a generated cohort: nothing to say.
        let none = ReportCeilings.fromCohort(folder: root + "/elsewhere", predictions: predictions)
        #expect(none.ceilings.isEmpty && none.note == nil)
    }

    /// A subset of the cohort's studies is scored on that subset; a synthesised image does not
    /// count as acquired, so the acquired reference does not change when one is added.
    @Test func subsetAndSyntheticRows() throws {
        let (root, predictions) = try Self.fixture("subset", studies: 300)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (filled, _) = try Self.fixture("subset-filled", studies: 300, synthetic: true)
        defer { try? FileManager.default.removeItem(atPath: filled) }
        let plain = ReportCeilings.fromCohort(folder: root, predictions: predictions).ceilings
        let withSynthetic = ReportCeilings.fromCohort(folder: filled, predictions: predictions).ceilings
        #expect(plain.first?.method.contains("300 of these studies") == true, "\(plain)")
        #expect(plain == withSynthetic)
    }

    /// Predictions with a single fold cannot be scored on their own folds: seeded patient folds
    /// are used and the method says so.
    @Test func oneFoldFallsBackToSeededPatientFolds() throws {
        let (root, predictions) = try Self.fixture("onefold", folds: 1)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (ceilings, note) = ReportCeilings.fromCohort(folder: root, predictions: predictions)
        #expect(note == nil)
        #expect(ceilings.allSatisfy { $0.method.contains("seeded folds") && $0.macroAUC > 0.75 }, "\(ceilings)")
    }

    /// A folder that is not the predictions' cohort is refused with a note naming latent.csv.
    @Test func aForeignCohortIsRefused() throws {
        let (root, predictions) = try Self.fixture("foreign")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var rows = predictions.rows
        rows[0].studyID = "NOT-IN-COHORT"
        let foreign = ReportCeilings.fromCohort(folder: root, predictions: try Predictions(rows: rows))
        #expect(foreign.ceilings.isEmpty)
        #expect(foreign.note?.contains(root + "/latent.csv") == true && foreign.note?.contains("NOT-IN-COHORT") == true,
                "\(foreign.note ?? "")")
        rows = predictions.rows
        rows[0].label = rows[0].label == .lung ? .breast : .lung
        let relabelled = ReportCeilings.fromCohort(folder: root, predictions: try Predictions(rows: rows))
        #expect(relabelled.note?.contains("labelled") == true, "\(relabelled.note ?? "")")
    }
}
