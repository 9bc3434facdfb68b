import Statistics
import Testing
@testable import Evaluation
import Vocabulary

@Suite struct ShortcutAuditTests {
    /// 60 patients, one study each; the model's probabilities are uninformative (uniform), so the
    /// model's AUC is 0.5. When `leak` is true the scanner encodes the class.
    func table(leak: Bool) throws -> Predictions {
        let rows = (0..<60).map { i -> PredictionRow in
            let site = PrimarySite(index: i % 5) ?? .lung
            return PredictionRow(studyID: "s\(i)", patientID: "p\(i)", fold: i % 4, label: site,
                                 probabilities: [0.2, 0.2, 0.2, 0.2, 0.2],
                                 t1ceState: .real, flairState: site == .breast && leak ? .missing : .real,
                                 scanner: leak ? "scanner-\(site.rawValue)" : "same",
                                 sliceThickness: leak ? 1 + Double(site.index) : nil)
        }
        return try Predictions(rows: rows)
    }

    @Test func leakingAcquisitionIsFlagged() throws {
        let audit = ShortcutAudit(try table(leak: true), modelMacroAUC: 0.5, seed: 1, bootstrap: nil)
        #expect(audit.features.contains("flair_acquired"))
        #expect(audit.features.contains("slice_thickness_z"))
        #expect(audit.foldCount == 4)
        #expect(audit.folds.hasPrefix("the predictions' own folds"))
        let auc = try #require(audit.macro.auc)
        #expect(auc > 0.95)
        #expect(audit.flagged)
        #expect(audit.verdict.hasPrefix("WARNING"))
    }

    @Test func singleClassShortcutIsFlaggedPerClass() throws {
        // The model is perfect; FLAIR is missing exactly for the Breast studies (Table 1's risk).
        let rows = (0..<60).map { i -> PredictionRow in
            let site = PrimarySite(index: i % 5) ?? .lung
            var p = [Double](repeating: 0.1, count: 5)
            p[site.index] = 0.6
            return PredictionRow(studyID: "s\(i)", patientID: "p\(i)", fold: i % 4, label: site, probabilities: p,
                                 flairState: site == .breast ? .missing : .real)
        }
        let report = try EvaluationReport(predictions: try Predictions(rows: rows), options: EvaluationOptions(resamples: 0))
        let audit = report.shortcutAudit
        #expect(audit.features == ["flair_acquired"])
        #expect(!audit.macroFlagged)
        #expect(audit.flaggedClasses == ["Breast"])
        #expect(audit.flagged && audit.verdict.contains("WARNING: For Breast"))
        #expect(report.html().contains("class=\"warning\""))
        // With no resamples there are no bootstrap intervals, and nothing breaks.
        #expect(report.macroAUC.bootstrap?.interval == nil)
    }

    @Test func constantAcquisitionIsNotFlagged() throws {
        let audit = ShortcutAudit(try table(leak: false), modelMacroAUC: 0.9, seed: 1, bootstrap: nil)
        #expect(audit.features.isEmpty)
        #expect(close(audit.macro.auc, 0.5, 1e-9))
        #expect(!audit.flagged)
        #expect(audit.verdict.contains("nothing to learn"))
    }

    @Test func chanceLevelAuditDoesNotFlagAWeakModel() throws {
        // Audit at chance (nothing varies) and a model barely above it: within the margin, but no shortcut.
        let audit = ShortcutAudit(try table(leak: false), modelMacroAUC: 0.52, modelPerClassAUC: [0.5, 0.52, 0.5, 0.5, 0.5],
                                  seed: 1, bootstrap: nil)
        #expect(!audit.flagged && audit.flaggedClasses.isEmpty)
        #expect(audit.verdict.contains("near chance"))
    }

    @Test func ownFoldsWhenTableFoldsSplitPatients() throws {
        var rows = try table(leak: true).rows
        rows[1].patientID = "p0"   // p0 now in folds 0 and 1
        let audit = ShortcutAudit(try Predictions(rows: rows), modelMacroAUC: 0.5, seed: 9, folds: 3, bootstrap: nil)
        #expect(audit.foldCount == 3)
        #expect(audit.folds.contains("split patients"))
    }
}

@Suite struct AblationTableTests {
    @Test func fullModelAgainstWeakerConfiguration() throws {
        let a = try Fixture.predictions("reference_a.csv")
        let b = try Fixture.predictions("reference_b.csv")
        let reference = try Fixture.reference().object("delong_test_a_vs_b", "macro")
        let table = try AblationTable(reference: ("With Prob", a), ablations: [("Without Prob", b)], seed: 5,
                                      resamples: 200)
        #expect(table.rows.map(\.configuration) == ["With Prob", "Without Prob"])
        #expect(table.rows[0].deLongVersusReference == nil)
        let test = try #require(table.rows[1].deLongVersusReference)
        // The ablation is the first argument, so z has the opposite sign of the reference file's a − b.
        #expect(close(test.z, -reference.double("z"), 1e-9))
        #expect(close(test.pValue, reference.double("p"), 1e-15))
        #expect(table.rows[1].commonStudies == a.count)
    }

    @Test func partialOverlapAndLabelConflicts() throws {
        let a = try Fixture.predictions("reference_a.csv")
        let b = try Predictions(rows: Array(try Fixture.predictions("reference_b.csv").rows.prefix(150)))
        let table = try AblationTable(reference: ("Full", a), ablations: [("Half", b)], seed: 5, resamples: 50)
        #expect(table.rows[1].commonStudies == 150)
        #expect(table.rows[1].deLongVersusReference != nil)
        var rows = b.rows
        rows[0].label = rows[0].label == .lung ? .breast : .lung
        #expect(throws: EvaluationError.self) {
            try AblationTable(reference: ("Full", a), ablations: [("Bad", try Predictions(rows: rows))], seed: 5,
                              resamples: 10)
        }
    }
}
