import Foundation
import Testing
import Torch
@testable import Training

/// A tiny task for the loop alone: a 2 → 2 linear layer learning the identity on batches drawn
/// from its own generator (kept in the checkpoints), validated on a fixed batch or on a scripted
/// sequence of values, optionally poisoned at one step.
final class IdentityTask: TrainingTask {
    let net: Linear
    let adam: Adam
    let noise: Generator
    let validationBatch: Tensor
    /// Per-epoch validation values to report instead of the real loss.
    var script: [Double]?
    /// The step whose loss becomes NaN.
    var poison: (epoch: Int, step: Int)?
    /// Epochs this task has validated, across a resume (its own checkpointed state).
    var validated = 0

    init(seed: UInt64) throws {
        net = try Linear(2, 2, generator: Generator(seed: seed))
        adam = try Adam(net.parameters(), learningRate: 0.05)
        noise = try Generator(seed: seed ^ 0x5EED)
        validationBatch = try Tensor.randn([16, 2], generator: Generator(seed: 77))
    }

    var model: Module { net }
    var optimizer: any Optimizer { adam }
    var generators: [String: Generator] { ["noise": noise] }

    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int { 3 }

    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses {
        let poisoned = poison.map { $0.epoch == epoch && $0.step == step } ?? false
        let loss = try optimise(adam) { () throws(TorchError) -> Tensor in
            let x = try Tensor.randn([8, 2], generator: noise)
            let l = try Functional.mseLoss(net(x), target: x)
            return poisoned ? try l * Double.nan : l
        }
        return StepLosses("identity", loss)
    }

    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> Double {
        validated += 1
        if let script { return script[epoch] }
        do {
            return try withNoGrad { () throws(TorchError) -> Double in
                try Functional.mseLoss(net(validationBatch), target: validationBatch).scalar
            }
        } catch { throw .engine(error) }
    }

    func monitoredLoss(trainLoss: Double, metrics: Double) -> Double { metrics }

    func isBest(epoch: Int, trainLoss: Double, metrics: Double, monitorImproved: Bool) -> Bool { monitorImproved }

    func savedState(after summary: EpochSummary<Double>) throws(TrainingError) -> [String: String] { ["validated": String(validated)] }

    func restoreState(_ metadata: [String: String], epoch: Int, path: String) throws(TrainingError) {
        guard let n = metadata["validated"].flatMap(Int.init) else { throw .checkpoint("\(path): no task state") }
        validated = n
    }

    func weights() throws -> [Float] {
        try net.stateDict().sorted { $0.key < $1.key }.flatMap { try $0.value.toArray(Float.self) }
    }
}

@Suite struct TrainingLoopTests {
    static func scratch(_ name: String) -> String {
        NSTemporaryDirectory() + "metorigin-loop-\(name)-\(UUID().uuidString)"
    }

    static func loop(_ task: IdentityTask, epochs: Int, patience: Int = 10, folder: String?) -> TrainingLoop<IdentityTask> {
        TrainingLoop(task: task, maxEpochs: epochs, earlyStopping: EarlyStopping(patience: patience, minRelativeImprovement: 0.01),
                     checkpoints: folder.map { CheckpointPaths(folder: $0) })
    }

    /// The weights stored in the checkpoint at `path`.
    static func stored(_ path: String) throws -> [Float] {
        let task = try IdentityTask(seed: 999)
        try Checkpoint.load(from: path, model: task.net, globalRNG: false)
        return try task.weights()
    }

    static func name(_ e: TrainingEvent<Double>) -> String {
        switch e {
        case .resumed(let e): return "resumed \(e)"
        case .epochStarted(let e, let n, let steps): return "started \(e)/\(n) \(steps)"
        case .stepFinished(let e, let s, _, _): return "step \(e).\(s)"
        case .epochFinished(let s): return "finished \(s.epoch)" + (s.isBest ? " best" : "")
        case .bestImproved(let e, _): return "best \(e)"
        case .checkpointSaved(let e, _): return "saved \(e)"
        case .fileWritten: return "file"
        case .stoppedEarly(let e, let best): return "early stop \(e) best \(best)"
        case .stoppedNonFinite(let e, let s, let l): return "non-finite \(e).\(s) \(l)"
        }
    }

    @Test func eventsComeInOrder() throws {
        let folder = Self.scratch("events")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let task = try IdentityTask(seed: 1)
        task.script = [1.0, 1.0]
        var events: [String] = []
        let outcome = try Self.loop(task, epochs: 2, folder: folder).run { events.append(Self.name($0)) }
        #expect(events == ["started 0/2 3", "step 0.0", "step 0.1", "step 0.2", "best 0", "saved 0", "finished 0 best",
                           "started 1/2 3", "step 1.0", "step 1.1", "step 1.2", "saved 1", "finished 1"])
        #expect(outcome == TrainingOutcome(epochs: 2, bestEpoch: 0, lastTrainLoss: outcome.lastTrainLoss, stoppedEarly: false))
    }

    @Test func earlyStoppingEndsTheRunAndKeepsTheBestWeights() throws {
        let folder = Self.scratch("early")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let task = try IdentityTask(seed: 2)
        // Epoch 1 is the best; 2 and 3 improve by less than 1 %, so patience 2 stops after epoch 3.
        task.script = [1.0, 0.5, 0.499, 0.498, 0.1, 0.1]
        var events: [String] = []
        let outcome = try Self.loop(task, epochs: 6, patience: 2, folder: folder).run { events.append(Self.name($0)) }
        #expect(outcome.epochs == 4 && outcome.bestEpoch == 1 && outcome.stoppedEarly)
        #expect(events.last == "early stop 3 best 1")
        #expect(try Checkpoint.info(at: folder + "/best.safetensors").epoch == 1)
        #expect(try Checkpoint.info(at: folder + "/last.safetensors").epoch == 3)
        // The model ends with the best epoch's weights, not the last's.
        #expect(try task.weights() == Self.stored(folder + "/best.safetensors"))
        #expect(try task.weights() != Self.stored(folder + "/last.safetensors"))
    }

    @Test func aNonFiniteLossStopsWithTheLastGoodCheckpointNamed() throws {
        let folder = Self.scratch("nan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let task = try IdentityTask(seed: 3)
        task.poison = (1, 1)
        var events: [String] = []
        var caught: TrainingError?
        do { try Self.loop(task, epochs: 3, folder: folder).run { events.append(Self.name($0)) } } catch { caught = error }
        let error = try #require(caught)
        guard case .nonFiniteLoss(let epoch, let step, let loss, let checkpoint, let best) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(epoch == 1 && step == 1 && loss == "identity")
        #expect(checkpoint == folder + "/last.safetensors" && best == folder + "/best.safetensors")
        #expect(error.description.contains("non-finite at epoch 2, step 2") && error.description.contains("last.safetensors"))
        #expect(events.last == "non-finite 1.1 identity")
        #expect(try Checkpoint.info(at: folder + "/last.safetensors").epoch == 0)
    }

    @Test func resumeEqualsAnUninterruptedRunBitForBit() throws {
        let straight = Self.scratch("straight"), split = Self.scratch("split")
        defer { for d in [straight, split] { try? FileManager.default.removeItem(atPath: d) } }
        let a = try IdentityTask(seed: 4)
        let whole = try Self.loop(a, epochs: 4, folder: straight).run()

        try Self.loop(IdentityTask(seed: 4), epochs: 2, folder: split).run()
        // A fresh task with other initial weights and generator: everything must come from the checkpoint.
        let b = try IdentityTask(seed: 5)
        var events: [String] = []
        let resumed = try Self.loop(b, epochs: 4, folder: split).run(resume: true) { events.append(Self.name($0)) }
        #expect(events.first == "resumed 2")
        #expect(resumed == whole)
        #expect(b.validated == 4 && a.validated == 4)
        #expect(try Self.stored(straight + "/last.safetensors") == Self.stored(split + "/last.safetensors"))
        #expect(try a.weights() == b.weights())
        #expect(try a.noise.state().toArray(UInt8.self) == b.noise.state().toArray(UInt8.self))
    }

    @Test func aCheckpointWithoutTheLoopStateIsRefused() throws {
        let folder = Self.scratch("old")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let task = try IdentityTask(seed: 6)
        try Checkpoint.save(to: folder + "/last.safetensors", model: task.net, optimizer: task.adam, globalRNG: [])
        let error = #expect(throws: TrainingError.self) { try Self.loop(task, epochs: 2, folder: folder).run(resume: true) }
        #expect(error?.description.contains("cannot be resumed") == true, "\(String(describing: error))")
    }

    @Test func optionsAreOneFlatJSONObject() throws {
        let demo = ClassifierTrainingOptions.demo
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(demo)) as? [String: Any])
        #expect(object["maxEpochs"] as? Int == 10 && object["patience"] as? Int == 4 && object["batchSize"] as? Int == 6)
        #expect(try JSONDecoder().decode(ClassifierTrainingOptions.self, from: JSONEncoder().encode(demo)) == demo)
        // Transfer settings written before the shared options called the epoch budget `epochs`.
        var legacy = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(CycleGANTrainingOptions.demo)) as? [String: Any])
        legacy["epochs"] = legacy.removeValue(forKey: "maxEpochs")
        let decoded = try JSONDecoder().decode(CycleGANTrainingOptions.self, from: JSONSerialization.data(withJSONObject: legacy))
        #expect(decoded == CycleGANTrainingOptions.demo && decoded.patience == nil)
    }
}
