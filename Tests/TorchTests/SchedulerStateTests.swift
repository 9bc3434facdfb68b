import Foundation
import Testing
import Torch

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
