import Testing
@testable import Training

/// The binary tasks' sampling (each epoch a fresh 60 % of every class) and loss weights.
@Suite struct BinarySamplingTests {
    static let labels = Array(repeating: 0, count: 50) + Array(repeating: 1, count: 12)

    @Test func everyEpochTakesTheConfiguredShareOfEachClass() {
        let sampler = ClassSampler(perClassShare: ClassSampler.paperBinaryShare)
        var seen = Set<Int>()
        for epoch in 0..<6 {
            let picked = sampler.epoch(labels: Self.labels, epoch: epoch, seed: 9)
            #expect(picked.filter { Self.labels[$0] == 0 }.count == 30)  // 60 % of 50
            #expect(picked.filter { Self.labels[$0] == 1 }.count == 7)   // 60 % of 12 = 7.2
            #expect(Set(picked).count == picked.count, "drawn without replacement")
            seen.formUnion(picked)
        }
        // A fresh subset each epoch: over six epochs nearly every study is seen.
        #expect(seen.count > 55)
        #expect(sampler.epoch(labels: Self.labels, epoch: 2, seed: 9) == sampler.epoch(labels: Self.labels, epoch: 2, seed: 9))
        #expect(sampler.epoch(labels: Self.labels, epoch: 2, seed: 9) != sampler.epoch(labels: Self.labels, epoch: 3, seed: 9))
    }

    @Test func aTinyClassKeepsAtLeastOneStudy() {
        let picked = ClassSampler(perClassShare: 0.1).epoch(labels: [0, 0, 0, 1], epoch: 0, seed: 1)
        #expect(picked.filter { $0 == 3 }.count == 1)
    }

    @Test func binaryOptionsChangeOnlySamplingAndWeights() {
        let five = ClassifierTrainingOptions.paper
        let binary = five.binaryTask()
        #expect(binary.perClassShare == 0.6)
        #expect(binary.maxEpochs == five.maxEpochs && binary.learningRate == five.learningRate
                && binary.batchSize == five.batchSize && binary.patience == five.patience && binary.seed == five.seed)
        #expect(binary.sampler(trainingCount: 62).perClassShare == 0.6)
        #expect(five.sampler(trainingCount: 62).fractions.count == 5)
        // The epoch keeps the data's proportions, so the loss weights are inverse class frequency.
        let w = binary.lossWeights(labels: Self.labels, classCount: 2)
        #expect(abs(w[0] - 62.0 / (2 * 50)) < 1e-12 && abs(w[1] - 62.0 / (2 * 12)) < 1e-12)
        #expect(five.lossWeights(labels: Self.labels, classCount: 5) == five.classWeights)
        var unweighted = binary
        unweighted.weightedLoss = false
        #expect(unweighted.lossWeights(labels: Self.labels, classCount: 2) == [1, 1])
    }
}
