import Foundation
import Testing
import Torch

/// Gradient clipping by norm against `torch.nn.utils.clip_grad_norm_`.
@Suite struct OptimClippingTests {
    @Test(arguments: ["l2", "inf", "l1_noclip"])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try OptimFixture.data("clipping")
        let reference = try #require(fixture[name])
        let maxNorm = try #require(reference["max_norm"]?.number)
        let normType = reference["norm_type"]?.string == "inf" ? Double.infinity : try #require(reference["norm_type"]?.number)
        let total = try #require(reference["total_norm"]?.number)

        let p = try TinyProblem(try OptimFixture.data("optimizers"), dtype: .float64)
        try p.loss().backward()
        func grads() throws -> [Double] {
            try #require(p.w.value.grad).toArray(Double.self) + #require(p.b.value.grad).toArray(Double.self)
        }
        #expect(maxRelativeError(try grads(), try OptimFixture.doubles(reference["before"])) <= 1e-12)
        let norm = try Torch.clipGradNorm(p.parameters, maxNorm: maxNorm, normType: normType)
        #expect(abs(norm - total) <= 1e-12 * max(1, total))
        #expect(maxRelativeError(try grads(), try OptimFixture.doubles(reference["after"])) <= 1e-12)
    }

    @Test func noGradientsGiveZeroNorm() throws {
        let p = try Parameter(Tensor.ones([3]))
        #expect(try Torch.clipGradNorm([p], maxNorm: 1) == 0)
        let opt = try SGD([p], learningRate: 0.1)
        #expect(try opt.clipGradNorm(maxNorm: 1) == 0)
    }
}
