import Foundation
import Testing
import Torch

/// Optimisers against PyTorch 2.11's on the fixed problem of `make_optim_fixtures.py`.
@Suite struct OptimizerParityTests {
    /// The Swift spelling of each configuration in the script's OPTIMIZERS table.
    static func make(_ name: String, _ p: [Parameter]) throws -> any Optimizer {
        switch name {
        case "sgd": return try SGD(p, learningRate: 0.1)
        case "sgd_momentum": return try SGD(p, learningRate: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01)
        case "sgd_nesterov": return try SGD(p, learningRate: 0.05, momentum: 0.8, weightDecay: 0.001, nesterov: true)
        case "adam": return try Adam(p, learningRate: 0.01)
        case "adam_steplr": return try Adam(p, learningRate: 0.05)
        case "adam_wd_amsgrad":
            return try Adam(p, learningRate: 0.02, betas: (0.8, 0.99), eps: 1e-6, weightDecay: 0.05, amsgrad: true)
        case "adamw": return try AdamW(p, learningRate: 0.01, weightDecay: 0.1)
        case "adamw_amsgrad": return try AdamW(p, learningRate: 0.01, amsgrad: true)
        default: throw OptimFixture.Missing(name: "optimizers (unknown case \(name))")
        }
    }

    static let names = ["sgd", "sgd_momentum", "sgd_nesterov", "adam", "adam_wd_amsgrad", "adamw", "adamw_amsgrad"]

    /// Runs the reference loop and compares losses and parameters after every step.
    func check(_ name: String, dtype: DType, tolerance: Double,
               schedule: ((any Optimizer) throws -> any SteppedLRScheduler)? = nil) throws {
        let fixture = try OptimFixture.data("optimizers")
        let suffix = dtype == .float64 ? "f64" : "f32"
        let reference = try #require(fixture["\(name)_\(suffix)"])
        let params = try #require(reference["params"]?.array)
        let losses = try OptimFixture.doubles(reference["losses"])
        let lrs = try OptimFixture.doubles(reference["lrs"])

        let problem = try TinyProblem(fixture, dtype: dtype)
        let optimizer = try Self.make(name, problem.parameters)
        let scheduler = try schedule?(optimizer)
        for step in 0..<losses.count {
            try optimizer.zeroGrad()
            let loss = try problem.loss()
            try loss.backward()
            #expect(optimizer.learningRate == lrs[step], "\(name) step \(step): learning rate")
            try optimizer.step()
            scheduler?.step()
            #expect(abs(try loss.scalar - losses[step]) <= tolerance * max(1, abs(losses[step])), "\(name) step \(step): loss")
            let error = maxRelativeError(try problem.flat(), try OptimFixture.doubles(params[step]))
            #expect(error <= tolerance, "\(name) \(suffix) step \(step): parameters differ by \(error)")
        }
    }

    @Test(arguments: names)
    func float64MatchesPyTorch(_ name: String) throws {
        try check(name, dtype: .float64, tolerance: 1e-12)
    }

    @Test(arguments: names)
    func float32MatchesPyTorch(_ name: String) throws {
        try check(name, dtype: .float32, tolerance: 1e-6)
    }

    @Test func learningRateSetByASchedulerDrivesTheUpdate() throws {
        try check("adam_steplr", dtype: .float64, tolerance: 1e-12) { try StepLR($0, stepSize: 2, gamma: 0.5) }
    }
}
