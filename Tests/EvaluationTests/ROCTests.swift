import Statistics
import Testing
@testable import Evaluation
import Vocabulary

@Suite struct ROCTests {
    /// Positives 0.9 0.8 0.7 0.6 0.4, negatives 0.8 0.6 0.5 0.3 0.2: 5 + 4.5 + 4 + 3.5 + 2 = 19 of 25 pairs.
    let scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2]
    let positive = [true, true, false, true, true, false, false, true, false, false]

    @Test func handExampleWithTies() {
        #expect(close(Ranks.mannWhitneyAUC(scores: scores, positive: positive), 0.76))
    }

    @Test func curveAreaEqualsMannWhitney() throws {
        let curve = try #require(ROC.curve(scores: scores, positive: positive))
        #expect(close(curve.area, 0.76))
        #expect(curve.falsePositiveRate.first == 0 && curve.truePositiveRate.first == 0)
        #expect(curve.falsePositiveRate.last == 1 && curve.truePositiveRate.last == 1)
        // One point per distinct score, plus the origin.
        #expect(curve.falsePositiveRate.count == Set(scores).count + 1)
    }

    @Test func extremesAndUndefined() {
        #expect(Ranks.mannWhitneyAUC(scores: [0.9, 0.8, 0.1], positive: [true, true, false]) == 1)
        #expect(Ranks.mannWhitneyAUC(scores: [0.1, 0.2, 0.9], positive: [true, true, false]) == 0)
        #expect(Ranks.mannWhitneyAUC(scores: [0.5, 0.5, 0.5, 0.5], positive: [true, false, true, false]) == 0.5)
        #expect(Ranks.mannWhitneyAUC(scores: [0.5, 0.7], positive: [true, true]) == nil)
        #expect(ROC.curve(scores: [0.5, 0.7], positive: [false, false]) == nil)
    }

    @Test func macroCurveOfIdenticalCurvesIsThatCurve() throws {
        let curve = try #require(ROC.curve(scores: scores, positive: positive))
        let macro = try #require(ROC.macroCurve([curve, curve]))
        #expect(close(macro.area, curve.area))
        #expect(macro.falsePositiveRate.first == 0 && macro.truePositiveRate.first == 0)
    }

    @Test func midranksAverageTies() {
        #expect(Ranks.midranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    @Test func fixtureAUCsMatchBruteForceMannWhitney() throws {
        let reference = try Fixture.reference()
        for (table, file) in [("a", "reference_a.csv"), ("b", "reference_b.csv")] {
            let predictions = try Fixture.predictions(file)
            for site in PrimarySite.allCases {
                let expected = reference.object(table, "classes", site.rawValue).double("auc")
                let auc = Ranks.mannWhitneyAUC(scores: predictions.scores(for: site), positive: predictions.labels.map { $0 == site })
                #expect(close(auc, expected), "\(table) \(site)")
            }
            let aucs = OneVsRestAUCs(predictions, bootstrap: nil)
            #expect(close(aucs.micro, reference.object(table).double("micro_auc")))
        }
    }
}

@Suite struct MacroCurveTests {
    @Test func macroCurveAreaIsMeanOfClassAUCs() throws {
        let predictions = try Fixture.predictions("reference_a.csv")
        let aucs = OneVsRestAUCs(predictions, bootstrap: nil)
        let macro = try #require(aucs.macroCurve)
        #expect(close(macro.area, try #require(aucs.macro.auc), 1e-12))
    }
}
