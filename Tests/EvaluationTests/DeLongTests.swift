import Testing
@testable import Evaluation
import Vocabulary

/// Reference values come from scripts/reference_stats.py: Yandex-style fast DeLong (Sun & Xu)
/// for single AUCs and paired tests, an O(m·n) kernel implementation for the macro average.
@Suite struct DeLongTests {
    @Test func handExample() throws {
        // V10 = [1, .9, .8, .7, .4], V01 = [.3, .7, .8, 1, 1]: S10/5 + S01/5 = 0.0106 + 0.0166.
        let scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2]
        let positive = [true, true, false, true, true, false, false, true, false, false]
        let estimate = try #require(DeLong.influence(scores: scores, positive: positive))
        #expect(close(estimate.value, 0.76))
        #expect(close(estimate.variance, 0.0272))
        let reference = try Fixture.reference().object("hand")
        let ci = estimate.confidenceInterval()
        let expected = reference.doubles("delong_ci95")
        #expect(close(ci.lower, expected[0], 1e-12) && close(ci.upper, expected[1], 1e-12))
        #expect(ci.upper == 1)  // clipped
    }

    @Test func perClassVarianceAndIntervalMatchReference() throws {
        let reference = try Fixture.reference()
        for (table, file) in [("a", "reference_a.csv"), ("b", "reference_b.csv")] {
            let predictions = try Fixture.predictions(file)
            let aucs = OneVsRestAUCs(predictions, bootstrap: nil)
            for site in PrimarySite.allCases {
                let ref = reference.object(table, "classes", site.rawValue)
                let summary = aucs.perClass[site.index]
                #expect(close(summary.auc, ref.double("auc")))
                #expect(close(summary.deLongStandardError.map { $0 * $0 }, ref.double("delong_variance"), 1e-15))
                let ci = ref.doubles("delong_ci95")
                #expect(close(summary.deLong?.lower, ci[0], 1e-10) && close(summary.deLong?.upper, ci[1], 1e-10))
            }
            let macro = reference.object(table, "macro")
            #expect(close(aucs.macro.auc, macro.double("auc")))
            #expect(close(aucs.macro.deLongStandardError.map { $0 * $0 }, macro.double("delong_variance"), 1e-15))
        }
    }

    @Test func pairedTestMatchesReference() throws {
        let reference = try Fixture.reference().object("delong_test_a_vs_b")
        let a = OneVsRestAUCs(try Fixture.predictions("reference_a.csv"), bootstrap: nil)
        let b = OneVsRestAUCs(try Fixture.predictions("reference_b.csv"), bootstrap: nil)
        for site in PrimarySite.allCases {
            let ia = try #require(a.classInfluences[site.index])
            let ib = try #require(b.classInfluences[site.index])
            let test = try #require(DeLong.test(ia, ib))
            let ref = reference.object(site.rawValue)
            #expect(close(test.z, ref.double("z"), 1e-9), "\(site)")
            #expect(close(test.pValue, ref.double("p"), 1e-12), "\(site)")
        }
        let ma = try #require(a.macroInfluence)
        let mb = try #require(b.macroInfluence)
        let macro = try #require(DeLong.test(ma, mb))
        #expect(close(macro.z, reference.object("macro").double("z"), 1e-9))
        #expect(close(macro.pValue, reference.object("macro").double("p"), 1e-15))
    }

    @Test func identicalModelsAreNotDifferent() throws {
        let a = OneVsRestAUCs(try Fixture.predictions("reference_a.csv"), bootstrap: nil)
        let ma = try #require(a.macroInfluence)
        let test = try #require(DeLong.test(ma, ma))
        #expect(test.difference == 0 && test.pValue == 1)
    }

    @Test func pairwiseBinaryTasksMatchReference() throws {
        let reference = try Fixture.reference().object("a", "pairwise")
        let pairwise = PairwiseAUCs(try Fixture.predictions("reference_a.csv"), bootstrap: nil)
        #expect(pairwise.pairs.count == 6)
        for pair in pairwise.pairs {
            let ref = reference.object(pair.summary.name)
            #expect(close(pair.summary.auc, ref.double("auc")), "\(pair.summary.name)")
            #expect(close(pair.summary.deLongStandardError.map { $0 * $0 }, ref.double("delong_variance"), 1e-15))
        }
    }

    @Test func undefinedWithFewerThanTwoPerGroup() {
        #expect(DeLong.influence(scores: [0.9, 0.1, 0.2], positive: [true, false, false]) == nil)
    }
}
