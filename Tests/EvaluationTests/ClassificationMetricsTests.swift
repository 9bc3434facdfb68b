import Testing
@testable import Evaluation

/// Constructed cases with answers worked out by hand.
@Suite struct ClassificationMetricsTests {
    /// Four studies: a lung predicted lung, a lung predicted breast (lung second), a breast
    /// predicted breast, a melanoma predicted lung with melanoma third.
    func table() throws -> Predictions {
        try Predictions(rows: [
            PredictionRow(studyID: "a", patientID: "1", fold: 0, label: .lung, probabilities: [0.7, 0.1, 0.1, 0.05, 0.05]),
            PredictionRow(studyID: "b", patientID: "2", fold: 0, label: .lung, probabilities: [0.3, 0.4, 0.1, 0.1, 0.1]),
            PredictionRow(studyID: "c", patientID: "3", fold: 1, label: .breast, probabilities: [0.05, 0.9, 0.05, 0, 0]),
            PredictionRow(studyID: "d", patientID: "4", fold: 1, label: .melanoma, probabilities: [0.5, 0.3, 0.2, 0, 0]),
        ])
    }

    @Test func confusionMatrixAndBalancedAccuracy() throws {
        let cm = ConfusionMatrix(try table())
        #expect(cm.counts[0] == [1, 1, 0, 0, 0])
        #expect(cm.counts[1] == [0, 1, 0, 0, 0])
        #expect(cm.counts[2] == [1, 0, 0, 0, 0])
        #expect(cm.total == 4 && cm.accuracy == 0.5)
        #expect(cm.recall[0] == 0.5 && cm.recall[1] == 1 && cm.recall[2] == 0 && cm.recall[3] == nil)
        // Mean over the three classes present: (0.5 + 1 + 0) / 3.
        #expect(close(cm.balancedAccuracy, 0.5))
        #expect(cm.precision[0] == 0.5 && cm.precision[3] == nil)
    }

    @Test func topKPerClass() throws {
        let topk = TopKAccuracy(try table())
        #expect(topk.perClass[0] == [0.5, 1, 1])
        #expect(topk.perClass[1] == [1, 1, 1])
        #expect(topk.perClass[2] == [0, 0, 1])
        #expect(topk.perClass[3] == [nil, nil, nil])
        #expect(topk.overall == [0.5, 0.75, 1])
        #expect(topk.support == [2, 1, 1, 0, 0])
    }

    @Test func tiesBreakByClassOrderConsistently() throws {
        let tied = try Predictions(rows: [
            PredictionRow(studyID: "t", patientID: "1", fold: 0, label: .breast, probabilities: [0.4, 0.4, 0.2, 0, 0]),
        ])
        // Lung wins the tie for the arg-max, so breast is second: not top-1, but top-2.
        #expect(ConfusionMatrix(tied).counts[1][0] == 1)
        #expect(TopKAccuracy(tied).perClass[1] == [0, 1, 1])
    }

    @Test func expectedCalibrationError() throws {
        // Confidences 0.7 (right), 0.4 (wrong), 0.9 (right), 0.5 (wrong), in bins 10, 5, 13, 7 of 15.
        let cal = Calibration(try table())
        #expect(cal.bins.count == 15)
        #expect(cal.bins.map(\.count).reduce(0, +) == 4)
        #expect(cal.bins[10].count == 1 && cal.bins[5].count == 1 && cal.bins[13].count == 1 && cal.bins[7].count == 1)
        // (|1 − .7| + |0 − .4| + |1 − .9| + |0 − .5|) / 4 = 1.3 / 4.
        #expect(close(cal.expectedCalibrationError, 0.325, 1e-12))
        #expect(close(cal.maximumCalibrationError, 0.5, 1e-12))
        // A bin edge (0.4 = 6/15) belongs to the lower bin: (5/15, 6/15].
        #expect(cal.bins[5].lower < 0.4 && cal.bins[5].upper >= 0.4)
    }

    @Test func perfectCalibrationHasZeroError() throws {
        let rows = (0..<4).map { i in
            PredictionRow(studyID: "s\(i)", patientID: "p\(i)", fold: 0, label: .lung, probabilities: [1, 0, 0, 0, 0])
        }
        #expect(Calibration(try Predictions(rows: rows)).expectedCalibrationError == 0)
    }

    @Test func fixtureECEAndTopKMatchReference() throws {
        let reference = try Fixture.reference().object("a")
        let predictions = try Fixture.predictions("reference_a.csv")
        #expect(close(Calibration(predictions).expectedCalibrationError, reference.double("ece15"), 1e-12))
        let topk = TopKAccuracy(predictions)
        let expected = reference.object("top_k")
        for (i, k) in [1, 2, 3].enumerated() {
            let values = expected.doubles(String(k))
            for c in 0..<5 { #expect(close(topk.perClass[c][i], values[c], 1e-12), "top-\(k) class \(c)") }
        }
    }
}
