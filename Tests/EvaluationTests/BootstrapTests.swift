import Statistics
import Testing
@testable import Evaluation

@Suite struct BootstrapTests {
    @Test func weightedSweepEqualsAUCOfExpandedTable() {
        // Weights 2, 0, 1, 3 must give the same AUC as repeating the studies that often.
        let scores = [0.9, 0.4, 0.4, 0.1, 0.4, 0.8]
        let positive = [true, true, false, false, true, false]
        let weights: [Double] = [2, 0, 1, 3, 1, 2]
        var expanded: [Double] = [], flags: [Bool] = []
        for i in scores.indices { for _ in 0..<Int(weights[i]) { expanded.append(scores[i]); flags.append(positive[i]) } }
        let sweep = WeightedAUCSweep(task: AUCTask(scores: scores, positive: positive))
        #expect(close(sweep.auc(weights: weights), Ranks.mannWhitneyAUC(scores: expanded, positive: flags)!, 1e-12))
        #expect(sweep.auc(weights: [1, 1, 0, 0, 1, 0]) == nil)
    }

    @Test func sameSeedSameIntervalsDifferentSeedDifferent() throws {
        let predictions = try Fixture.predictions("reference_a.csv")
        let ids = predictions.rows.map(\.patientID)
        let a = OneVsRestAUCs(predictions, bootstrap: PatientBootstrap(patientIDs: ids, resamples: 300, seed: 7))
        let b = OneVsRestAUCs(predictions, bootstrap: PatientBootstrap(patientIDs: ids, resamples: 300, seed: 7))
        let c = OneVsRestAUCs(predictions, bootstrap: PatientBootstrap(patientIDs: ids, resamples: 300, seed: 8))
        #expect(a.macro.bootstrap == b.macro.bootstrap)
        #expect(a.perClass.map(\.bootstrap) == b.perClass.map(\.bootstrap))
        #expect(a.macro.bootstrap != c.macro.bootstrap)
        // Row order does not matter: resamples are drawn over sorted patient ids.
        let reversed = try Predictions(rows: predictions.rows.reversed())
        let d = OneVsRestAUCs(reversed, bootstrap: PatientBootstrap(patientIDs: reversed.rows.map(\.patientID),
                                                                     resamples: 300, seed: 7))
        let ia = try #require(a.macro.bootstrap?.interval), id = try #require(d.macro.bootstrap?.interval)
        #expect(close(ia.lower, id.lower, 1e-12) && close(ia.upper, id.upper, 1e-12))
    }

    @Test func intervalIsPlausible() throws {
        let predictions = try Fixture.predictions("reference_a.csv")
        let aucs = OneVsRestAUCs(predictions, bootstrap: PatientBootstrap(patientIDs: predictions.rows.map(\.patientID),
                                                                            resamples: 1000, seed: 1))
        let boot = try #require(aucs.macro.bootstrap)
        let interval = try #require(boot.interval)
        let auc = try #require(aucs.macro.auc)
        #expect(boot.validResamples == 1000 && boot.resamples == 1000)
        #expect(interval.lower < auc && auc < interval.upper)
        #expect(interval.method == .patientBootstrap)
        // The bootstrap SE and DeLong's SE estimate the same thing; they agree within 30 %.
        let se = try #require(boot.standardError), delong = try #require(aucs.macro.deLongStandardError)
        #expect(abs(se / delong - 1) < 0.3, "bootstrap SE \(se) vs DeLong \(delong)")
    }

    @Test func patientsAreResampledAsClusters() {
        // Two patients, each with a positive and a negative study scored so that each patient
        // alone has AUC 1 but the pair mixes: every resample is {A,A}, {A,B} or {B,B}.
        let ids = ["A", "A", "B", "B"]
        let task = AUCTask(scores: [0.9, 0.8, 0.3, 0.2], positive: [true, false, true, false])
        let boot = PatientBootstrap(patientIDs: ids, resamples: 400, seed: 3)
        let summary = boot.run(tasks: [task], statistics: [.auc(task: 0)])[0]
        #expect(summary.validResamples == 400)
        // {A,B} gives 3/4; the single-patient resamples give 1; nothing else is possible.
        #expect(close(summary.interval?.lower, 0.75) && close(summary.interval?.upper, 1))
    }
}

@Suite struct PairedBootstrapTests {
    @Test func differenceOfIdenticalModelsIsZero() throws {
        let a = try Fixture.predictions("reference_a.csv")
        let d = try #require(AblationTable.bootstrapDifference(ablated: a, reference: a, seed: 1, resamples: 100, level: 0.95))
        #expect(d.interval?.lower == 0 && d.interval?.upper == 0)
        #expect(d.pValue == 1)
    }

    @Test func clearlyWorseModelHasSmallPAndNegativeInterval() throws {
        let a = try Fixture.predictions("reference_a.csv")
        let b = try Fixture.predictions("reference_b.csv")
        let d = try #require(AblationTable.bootstrapDifference(ablated: b, reference: a, seed: 1, resamples: 500, level: 0.95))
        let interval = try #require(d.interval)
        #expect(interval.upper < 0)
        #expect(try #require(d.pValue) < 0.01)
        // The DeLong difference lies inside the bootstrap interval.
        let table = try AblationTable(reference: ("A", a), ablations: [("B", b)], seed: 1, resamples: 500)
        let delta = try #require(table.rows[1].deLongVersusReference?.difference)
        #expect(interval.lower < delta && delta < interval.upper)
        #expect(table.rows[1].bootstrapDifference == d)
    }
}
