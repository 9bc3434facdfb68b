import Testing
import Statistics

@Suite struct RanksTests {
    @Test func tiesShareTheMeanRank() {
        #expect(Ranks.midranks([0.5, 0.1, 0.5, 0.9]) == [2.5, 1, 2.5, 4])
        #expect(Ranks.midranks([]) == [])
    }

    @Test func aucMatchesHandCountedPairs() {
        // Positives 0.9, 0.4; negatives 0.5, 0.1, 0.4: pairs won 3 + 1 + a tie (0.5) = 4.5 of 6.
        let auc = Ranks.mannWhitneyAUC(scores: [0.9, 0.4, 0.5, 0.1, 0.4], positive: [true, true, false, false, false])
        #expect(abs((auc ?? 0) - 4.5 / 6) < 1e-12)
        // Positives 0.9 0.8 0.7 0.6 0.4, negatives 0.8 0.6 0.5 0.3 0.2: 19 of 25 pairs.
        let scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2]
        let positive = [true, true, false, true, true, false, false, true, false, false]
        #expect(abs((Ranks.mannWhitneyAUC(scores: scores, positive: positive) ?? 0) - 0.76) < 1e-12)
    }

    @Test func aucNeedsBothClasses() {
        #expect(Ranks.mannWhitneyAUC(scores: [1, 2], positive: [true, true]) == nil)
        #expect(Ranks.mannWhitneyAUC(scores: [1, 2], positive: [false, false]) == nil)
    }
}
