import Foundation
import Testing
import Torch
@testable import Training

@Suite struct SegmentationLossTests {
    /// Two pixels: logits (0, 0) → p = 1/2 with target 1; logits (0, ln 3) → p = 3/4 with target 0.
    /// CE = (ln 2 + ln 4) / 2 = 1.5 ln 2; soft Dice = (2 · 0.5 + 1) / (1.25 + 1 + 1) = 2 / 3.25.
    @Test func matchesTheHandComputedCase() throws {
        let logits = try Tensor([Float(0), 0, 0, Float(Foundation.log(3.0))], shape: [1, 2, 1, 2])
        let target = try Tensor([Float(1), 0], shape: [1, 1, 2])
        let ce = 1.5 * Foundation.log(2.0)
        let diceLoss = 1 - 2 / 3.25
        let loss = try SegmentationLoss()(logits: logits, target: target).scalar
        #expect(abs(loss - (0.5 * ce + 0.5 * diceLoss)) < 1e-6)

        var unsmoothed = SegmentationLoss()
        unsmoothed.smooth = 0
        // Dice without smoothing: 2 · 0.5 / (1.25 + 1).
        let expected = 0.5 * ce + 0.5 * (1 - 1 / 2.25)
        #expect(abs(try unsmoothed(logits: logits, target: target).scalar - expected) < 1e-6)
    }

    /// The same two pixels with the tumour class weighted 20×: PyTorch's weighted mean,
    /// (20 · ln 2 + 1 · ln 4) / (20 + 1); the Dice term is unchanged.
    @Test func weightsTheTumourClassInTheCrossEntropy() throws {
        let logits = try Tensor([Float(0), 0, 0, Float(Foundation.log(3.0))], shape: [1, 2, 1, 2])
        let target = try Tensor([Float(1), 0], shape: [1, 1, 2])
        var weighted = SegmentationLoss()
        weighted.tumourClassWeight = 20
        let ce = (20 * Foundation.log(2.0) + Foundation.log(4.0)) / 21
        let expected = 0.5 * ce + 0.5 * (1 - 2 / 3.25)
        #expect(abs(try weighted(logits: logits, target: target).scalar - expected) < 1e-6)
    }

    /// Options written before the class weight existed still decode (as weight 1).
    @Test func decodesLossesWithoutAClassWeight() throws {
        let json = #"{"crossEntropyWeight":0.5,"diceWeight":0.5,"smooth":1}"#
        let loss = try JSONDecoder().decode(SegmentationLoss.self, from: Data(json.utf8))
        #expect(loss == SegmentationLoss())
        #expect(SegmentationTrainingOptions.demo.loss.tumourClassWeight == 20)
        #expect(SegmentationTrainingOptions.paper.loss.tumourClassWeight == 1)
    }

    @Test func gradientFlowsToTheLogits() throws {
        let logits = try Tensor([Float(0.3), -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, 0.7], shape: [1, 2, 2, 2])
        try logits.requiresGrad(true)
        let target = try Tensor([Float(1), 0, 0, 1], shape: [1, 2, 2])
        try SegmentationLoss()(logits: logits, target: target).backward()
        let grad = try #require(logits.grad).toArray(Float.self)
        // The tumour channel's logit must rise where the target is tumour and fall elsewhere.
        #expect(grad[4] < 0 && grad[7] < 0)
        #expect(grad[5] > 0 && grad[6] > 0)
    }
}
