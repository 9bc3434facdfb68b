import Foundation
import Testing
import Torch

/// Optimiser API behaviour: learning rate, gradients, state round trips, errors.
@Suite struct OptimizerBehaviourTests {
    func problem() throws -> TinyProblem { try TinyProblem(try OptimFixture.data("optimizers"), dtype: .float64) }

    func train(_ optimizer: any Optimizer, _ problem: TinyProblem, steps: Int) throws {
        for _ in 0..<steps {
            try optimizer.zeroGrad()
            try problem.loss().backward()
            try optimizer.step()
        }
    }

    @Test func learningRateCanBeReadAndSet() throws {
        let p = try problem()
        let opt = try AdamW(p.parameters, learningRate: 0.003)
        #expect(opt.learningRate == 0.003)
        opt.learningRate = 0.25
        #expect(opt.learningRate == 0.25)
        #expect(opt.parameters.count == 2)
    }

    @Test func zeroGradDropsOrZeroesGradients() throws {
        let p = try problem()
        let opt = try SGD(p.parameters, learningRate: 0.1)
        try p.loss().backward()
        #expect(p.w.value.grad != nil)
        try opt.zeroGrad(setToNone: false)
        let zeros = try #require(p.w.value.grad).toArray(Double.self)
        #expect(zeros == Array(repeating: 0, count: 12))
        try opt.zeroGrad()
        #expect(p.w.value.grad == nil)
    }

    @Test func parametersWithoutGradientsAreLeftAlone() throws {
        let p = try problem()
        let idle = try Parameter(Tensor.ones([2], dtype: .float64))
        let opt = try Adam(p.parameters + [idle], learningRate: 0.1)
        try train(opt, p, steps: 2)
        #expect(try idle.value.toArray(Double.self) == [1, 1])
        let state = try opt.state()
        #expect(state.steps == [2, 2, 0])
        #expect(state.tensors[2].isEmpty)
        #expect(Set(state.tensors[0].keys) == ["exp_avg", "exp_avg_sq"])
    }

    @Test(arguments: ["sgd_momentum", "sgd_nesterov", "adam_wd_amsgrad", "adamw"])
    func stateRoundTripContinuesIdentically(_ name: String) throws {
        // Reference: 5 uninterrupted steps.
        let a = try problem()
        let optA = try OptimizerParityTests.make(name, a.parameters)
        try train(optA, a, steps: 5)

        // Interrupted: 2 steps, weights and state taken, then restored into a fresh
        // optimiser over fresh parameters that continues for 3 steps.
        let b = try problem()
        let optB = try OptimizerParityTests.make(name, b.parameters)
        try train(optB, b, steps: 2)
        let weights = try b.parameters.map { try $0.value.clone() }
        let state = try optB.state()
        try train(optB, b, steps: 1)  // a later step must not leak into the state already taken
        let c = try problem()
        for (param, saved) in zip(c.parameters, weights) {
            try withNoGrad { () throws(TorchError) in try param.value.copy_(saved) }
        }
        let optC = try OptimizerParityTests.make(name, c.parameters)
        try optC.load(state: state)
        try train(optC, c, steps: 3)
        #expect(try c.flat() == a.flat(), "\(name): resumed run differs from the uninterrupted one")
    }

    @Test func loadingRejectsAnotherKindOrOtherSettings() throws {
        let p = try problem()
        let adam = try Adam(p.parameters)
        try train(adam, p, steps: 1)
        let state = try adam.state()
        #expect(throws: TorchError.self) { try SGD(p.parameters, learningRate: 0.1).load(state: state) }
        #expect(throws: TorchError.self) { try Adam(p.parameters, betas: (0.5, 0.9)).load(state: state) }
        #expect(throws: TorchError.self) { try Adam([p.w]).load(state: state) }
        var wrongShape = state
        wrongShape.tensors[1]["exp_avg"] = try Tensor.zeros([7], dtype: .float64)
        #expect(throws: TorchError.self) { try Adam(p.parameters).load(state: wrongShape) }
        var incomplete = state
        incomplete.tensors[0]["exp_avg_sq"] = nil
        #expect(throws: TorchError.self) { try Adam(p.parameters).load(state: incomplete) }
    }

    @Test func invalidConfigurationsThrow() throws {
        let p = try problem()
        #expect(throws: TorchError.self) { try SGD([], learningRate: 0.1) }
        #expect(throws: TorchError.self) { try SGD(p.parameters, learningRate: -1) }
        // Nesterov needs momentum and no dampening (libtorch's check).
        #expect(throws: TorchError.self) { try SGD(p.parameters, learningRate: 0.1, nesterov: true) }
        #expect(throws: TorchError.self) { try Adam(p.parameters, betas: (1.5, 0.9)) }
    }
}
