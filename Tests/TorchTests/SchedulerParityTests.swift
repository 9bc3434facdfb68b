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

/// Scheduler state round trips and errors.
@Suite struct SchedulerStateTests {
    /// Steps `k` times, saves, restores into fresh objects, and checks the remaining sequence
    /// equals the uninterrupted one.
    func resumes(_ make: (SGD) throws -> any SteppedLRScheduler) throws {
        let optA = try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1)
        let a = try make(optA)
        var reference: [Double] = []
        for _ in 0..<20 { a.step(); reference.append(a.lastLearningRate) }

        let optB = try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1)
        let b = try make(optB)
        var resumed: [Double] = []
        for _ in 0..<8 { b.step(); resumed.append(b.lastLearningRate) }
        let saved = b.state(), savedOptimizer = try optB.state()

        let optC = try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1)
        let c = try make(optC)
        try optC.load(state: savedOptimizer)
        try c.load(state: saved)
        #expect(c.state() == saved)
        for _ in 8..<20 { c.step(); resumed.append(c.lastLearningRate) }
        #expect(resumed == reference)
    }

    @Test func everyStepScheduleResumes() throws {
        try resumes { try StepLR($0, stepSize: 3, gamma: 0.5) }
        try resumes { MultiStepLR($0, milestones: [2, 9, 9, 15], gamma: 0.3) }
        try resumes { ExponentialLR($0, gamma: 0.9) }
        try resumes { try CosineAnnealingLR($0, tMax: 6, etaMin: 0.01) }
        try resumes { LambdaLR($0) { 1 / (1 + Double($0)) } }
    }

    @Test func plateauResumesWithInfiniteBest() throws {
        let opt = try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1)
        let a = try ReduceLROnPlateau(opt, patience: 1)
        let fresh = a.state()
        #expect(fresh.numbers["best"] == .infinity)
        for m in [1.0, 2, 3, 4] { a.step(metric: m) }
        let b = try ReduceLROnPlateau(try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1))
        try b.load(state: a.state())
        #expect(b.state() == a.state())
        #expect(b.patience == 1 && b.best == 1 && b.lastLearningRate == a.lastLearningRate)
    }

    @Test func wrongKindAndBadSettingsThrow() throws {
        let opt = try SGD([Parameter(Tensor.zeros([1]))], learningRate: 0.1)
        let step = try StepLR(opt, stepSize: 2)
        #expect(throws: SchedulerError.kindMismatch(expected: "ExponentialLR", found: "StepLR")) {
            try ExponentialLR(opt, gamma: 0.5).load(state: step.state())
        }
        var incomplete = step.state()
        incomplete.integers["step_size"] = nil
        #expect(throws: SchedulerError.missing(kind: "StepLR", key: "step_size")) { try step.load(state: incomplete) }
        #expect(throws: SchedulerError.self) { try StepLR(opt, stepSize: 0) }
        #expect(throws: SchedulerError.self) { try CosineAnnealingLR(opt, tMax: 0) }
        #expect(throws: SchedulerError.self) { try ReduceLROnPlateau(opt, factor: 1) }
    }
}
