import Testing
import Statistics

@Suite struct PatientFoldsTests {
    @Test func stratifiedRoundRobinKeepsPatientsTogetherAndStratifies() {
        let ids = (0..<100).map { "p\($0 / 2)" }
        let labels = (0..<100).map { ($0 / 2) % 5 }
        let folds = PatientFolds.stratifiedRoundRobin(patientIDs: ids, labels: labels, folds: 5, seed: 11)
        for i in stride(from: 0, to: 100, by: 2) { #expect(folds[i] == folds[i + 1]) }
        for label in 0..<5 {
            let perFold = (0..<5).map { f in (0..<100).filter { labels[$0] == label && folds[$0] == f }.count }
            #expect(perFold.allSatisfy { $0 == 4 }, "class \(label): \(perFold)")
        }
        #expect(folds == PatientFolds.stratifiedRoundRobin(patientIDs: ids, labels: labels, folds: 5, seed: 11))
    }

    @Test func shuffledFoldsGroupPatientsAndIgnoreRowOrder() {
        let groups = (0..<40).map { "p\($0 % 13)" }
        let folds = PatientFolds.shuffled(groups, folds: 4, seed: 2)
        var foldOf: [String: Int] = [:]
        for (g, f) in zip(groups, folds) {
            if let seen = foldOf[g] { #expect(seen == f) }
            foldOf[g] = f
        }
        #expect(Set(folds) == [0, 1, 2, 3])
        let reversed = PatientFolds.shuffled(groups.reversed(), folds: 4, seed: 2)
        #expect(Array(reversed.reversed()) == folds)
        // Fewer than two folds cannot score out of fold: two are used.
        #expect(Set(PatientFolds.shuffled(groups, folds: 1, seed: 2)) == [0, 1])
    }

    @Test func largestRemainderSplitsExactly() {
        // 200 × (882, 154, 348, 91, 107) / 1582 = 111.504, 19.469, 43.995, 11.504, 13.527: the three
        // largest remainders go to melanoma, other and (tie with renal, earlier wins) lung.
        #expect(largestRemainder(total: 200, weights: [882, 154, 348, 91, 107]) == [112, 19, 44, 11, 14])
        #expect(largestRemainder(total: 3, weights: [1, 1]) == [2, 1])
        #expect(largestRemainder(total: 0, weights: [1, 2]) == [0, 0])
    }
}
