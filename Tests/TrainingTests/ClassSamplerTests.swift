import Statistics
import Testing
@testable import Training

@Suite struct SamplerTests {
    @Test func epochFollowsThePaperShares() {
        // Lung dominates the data; the epoch must still be 35/15/20/15/15.
        let labels = Array(repeating: 0, count: 500) + Array(repeating: 1, count: 20) + Array(repeating: 2, count: 80)
            + Array(repeating: 3, count: 10) + Array(repeating: 4, count: 15)
        let sampler = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 1000)
        let epoch = sampler.epoch(labels: labels, epoch: 0, seed: 5)
        #expect(epoch.count == 1000)
        let counts = (0..<5).map { c in epoch.filter { labels[$0] == c }.count }
        #expect(counts == [350, 150, 200, 150, 150])
        // Over-sampled classes repeat each study evenly (every Renal study 15 times).
        let renal = epoch.filter { labels[$0] == 3 }
        #expect(Set((0..<10).map { k in renal.filter { $0 == 600 + k }.count }) == [15])
    }

    @Test func epochsDifferButAreReproducible() {
        let labels = (0..<100).map { $0 % 5 }
        let s = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 100)
        #expect(s.epoch(labels: labels, epoch: 3, seed: 1) == s.epoch(labels: labels, epoch: 3, seed: 1))
        #expect(s.epoch(labels: labels, epoch: 3, seed: 1) != s.epoch(labels: labels, epoch: 4, seed: 1))
    }

    @Test func absentClassSharesAreRedistributed() {
        let labels = Array(repeating: 0, count: 10) + Array(repeating: 2, count: 10)
        let epoch = ClassSampler(fractions: ClassSampler.paperFractions, epochSize: 110).epoch(labels: labels, epoch: 0, seed: 0)
        // 35 : 20 of 110.
        #expect(epoch.filter { labels[$0] == 0 }.count == 70)
        #expect(epoch.filter { labels[$0] == 2 }.count == 40)
    }
}

@Suite struct ScheduleTests {
    @Test func earlyStoppingNeedsOnePercent() {
        var s = EarlyStopping(patience: 3, minRelativeImprovement: 0.01)
        let first = s.record(loss: 1.0, epoch: 0)
        let second = s.record(loss: 0.995, epoch: 1)  // only 0.5 % better
        let third = s.record(loss: 0.999, epoch: 2)
        #expect(first && !second && !third)
        #expect(!s.shouldStop)
        let fourth = s.record(loss: 0.991, epoch: 3)
        #expect(!fourth)
        #expect(s.shouldStop)
        #expect(s.bestEpoch == 0)
    }

    @Test func paperLearningRate() {
        let lr = PaperLearningRate()
        #expect(lr.rate(epoch: 0) == 1e-5)
        #expect(lr.rate(epoch: 59) == 1e-5)
        #expect(lr.rate(epoch: 60) == 5e-6)
        #expect(lr.rate(epoch: 75) == 2.5e-6)
    }

    @Test func classWeightsUndoTheSampling() {
        let w = ClassifierTrainingOptions().classWeights
        let shares = ClassSampler.paperFractions
        for (wi, si) in zip(w, shares) { #expect(abs(wi * si - 0.2) < 1e-12) }
    }
}
