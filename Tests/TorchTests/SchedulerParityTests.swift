import Foundation
import Testing
import Torch

/// Learning-rate schedules against PyTorch 2.11's sequences (`get_last_lr()` after creation
/// and after each `optimizer.step(); scheduler.step()`), compared exactly.
@Suite struct SchedulerParityTests {
    func optimizer(_ lr: Double = 0.1) throws -> SGD {
        try SGD([Parameter(Tensor.zeros([1]))], learningRate: lr)
    }

    func trace(_ name: String, steps: Int = 25, external: [Int: Double] = [:],
               _ make: (SGD) throws -> any SteppedLRScheduler) throws {
        let expected = try OptimFixture.doubles(try OptimFixture.data("schedulers")[name])
        let opt = try optimizer()
        let scheduler = try make(opt)
        var lrs = [scheduler.lastLearningRate]
        for i in 0..<steps {
            try opt.step()
            if let lr = external[i] { opt.learningRate = lr }
            scheduler.step()
            lrs.append(scheduler.lastLearningRate)
            #expect(opt.learningRate == scheduler.lastLearningRate)
        }
        #expect(lrs == expected, "\(name): \(lrs) vs PyTorch \(expected)")
        #expect(scheduler.lastEpoch == steps)
    }

    @Test func stepLR() throws { try trace("step") { try StepLR($0, stepSize: 3, gamma: 0.5) } }
    @Test func multiStepLRWithRepeatedMilestone() throws {
        try trace("multistep") { MultiStepLR($0, milestones: [2, 5, 5, 9], gamma: 0.3) }
    }
    @Test func exponentialLR() throws { try trace("exponential") { ExponentialLR($0, gamma: 0.9) } }
    @Test func cosineAnnealingPastTMax() throws {
        try trace("cosine") { try CosineAnnealingLR($0, tMax: 7, etaMin: 0.001) }
    }
    @Test func cosineAnnealingToZero() throws { try trace("cosine_zero_min") { try CosineAnnealingLR($0, tMax: 10) } }
    @Test func lambdaLR() throws {
        try trace("lambda_inverse") { LambdaLR($0) { 1 / (1 + Double($0)) } }
        try trace("lambda_power") { LambdaLR($0) { pow(0.95, Double($0)) } }
    }
    @Test func chainableScheduleContinuesFromAnExternalChange() throws {
        try trace("step_external", external: [4: 0.5]) { try StepLR($0, stepSize: 3, gamma: 0.5) }
    }

    @Test func twoSchedulesOnOneOptimizer() throws {
        let expected = try OptimFixture.doubles(try OptimFixture.data("schedulers")["chained_step_exponential"])
        let opt = try optimizer()
        let a = try StepLR(opt, stepSize: 4, gamma: 0.5)
        let b = ExponentialLR(opt, gamma: 0.9)
        var lrs = [opt.learningRate]
        for _ in 0..<25 {
            try opt.step()
            a.step()
            b.step()
            lrs.append(opt.learningRate)
        }
        #expect(lrs == expected)
        #expect(opt.initialLearningRate == 0.1)
    }

    @Test(arguments: ["min_rel", "max_abs", "defaults"])
    func reduceLROnPlateau(_ name: String) throws {
        let plateau = try #require(try OptimFixture.data("schedulers")["plateau"])
        let metrics = try OptimFixture.doubles(plateau["metrics"])
        let expected = try OptimFixture.doubles(plateau["cases"]?[name]?["lrs"])
        let opt = try optimizer()
        let scheduler: ReduceLROnPlateau
        switch name {
        case "min_rel":
            scheduler = try ReduceLROnPlateau(opt, mode: .min, factor: 0.5, patience: 2, threshold: 0.1, cooldown: 1,
                                              minLearningRate: 0.01)
        case "max_abs":
            scheduler = try ReduceLROnPlateau(opt, mode: .max, factor: 0.3, patience: 1, threshold: 0.05, thresholdMode: .abs)
        default:
            scheduler = try ReduceLROnPlateau(opt)
        }
        var lrs = [scheduler.lastLearningRate]
        for m in metrics {
            try opt.step()
            scheduler.step(metric: m)
            lrs.append(scheduler.lastLearningRate)
        }
        #expect(lrs == expected, "\(name): \(lrs) vs PyTorch \(expected)")
    }
}
