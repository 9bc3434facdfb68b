import Models
import Testing
import Torch

@Suite struct SegmentationTrainingTests {
    /// A tiny constructed task: the tumour is every pixel brighter than 0.5 in a smoothed noise
    /// image. A few Adam steps must lower the cross-entropy of every network.
    @Test(arguments: SegmentationArchitecture.allCases)
    func adamStepsLowerTheLoss(_ architecture: SegmentationArchitecture) throws {
        let gen = try Generator(seed: 7)
        let x = try Tensor.rand([4, 1, 16, 16], generator: gen)
        let target = try x.gt(0.5).to(.int64).squeeze(dim: 1)
        let net = try makeNetwork(architecture)
        let optimizer = try Adam(net.parameters(), learningRate: 1e-2)
        var losses: [Double] = []
        for _ in 0..<12 {
            try optimizer.zeroGrad(setToNone: true)
            let loss = try Functional.crossEntropy(net(x), target: target)
            losses.append(try loss.scalar)
            try loss.backward()
            try optimizer.step()
        }
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(losses.last! < 0.8 * losses.first!, "\(architecture): losses \(losses)")
    }
}
