import Foundation
import Testing
import Torch

/// Checkpoints: an interrupted and resumed training run must equal the uninterrupted one bit for
/// bit on the CPU, with dropout drawing from the global generator and batches from an explicit one.
@Suite(.serialized) struct CheckpointTests {
    /// A two-layer perceptron with dropout, built from `Parameter`s.
    final class TinyNet: Module {
        let fc1Weight: Parameter
        let fc1Bias: Parameter
        let fc2Weight: Parameter
        let fc2Bias: Parameter

        init(seed: UInt64, hidden: Int = 16) throws {
            let g = try Generator(seed: seed)
            fc1Weight = try Parameter(Tensor.randn([hidden, 8], generator: g) * 0.3)
            fc1Bias = try Parameter(Tensor.zeros([hidden]))
            fc2Weight = try Parameter(Tensor.randn([3, hidden], generator: g) * 0.3)
            fc2Bias = try Parameter(Tensor.zeros([3]))
            super.init()
        }

        func callAsFunction(_ x: Tensor) throws -> Tensor {
            let h = try Functional.linear(x, weight: fc1Weight.value, bias: fc1Bias.value).relu()
            let dropped = try Functional.dropout(h, p: 0.3, training: isTraining)
            return try Functional.linear(dropped, weight: fc2Weight.value, bias: fc2Bias.value)
        }
    }

    /// Everything a training run holds.
    struct Run {
        let model: TinyNet
        let optimizer: Adam
        let scheduler: CosineAnnealingLR
        let data: Generator

        init(modelSeed: UInt64, dataSeed: UInt64) throws {
            model = try TinyNet(seed: modelSeed)
            optimizer = try Adam(model.trainableParameters(), learningRate: 0.02, weightDecay: 1e-4)
            scheduler = try CosineAnnealingLR(optimizer, tMax: 3, etaMin: 0.001)
            data = try Generator(seed: dataSeed)
        }

        func train(steps: Int) throws {
            for _ in 0..<steps {
                let x = try Tensor.randn([32, 8], generator: data)
                let y = try Tensor.randint(0, 3, [32], generator: data)
                try optimizer.zeroGrad()
                try Functional.crossEntropy(model(x), target: y).backward()
                try optimizer.clipGradNorm(maxNorm: 1)
                try optimizer.step()
                scheduler.step()
            }
        }

        func weightBits() throws -> [UInt32] {
            try model.parameters().flatMap { try $0.value.toArray(Float.self).map(\.bitPattern) }
        }
    }

    /// Trains 4 steps, checkpoints, disturbs the global generator, restores into a differently
    /// initialised run, and trains 4 more.
    func resumed(restoreRNG: Bool, dir: String) throws -> (Run, Checkpoint.Info) {
        Torch.manualSeed(1234)
        let first = try Run(modelSeed: 1, dataSeed: 7)
        try first.train(steps: 4)
        let path = dir + "/ckpt.safetensors"
        try Checkpoint.save(to: path, model: first.model, optimizer: first.optimizer, scheduler: first.scheduler,
                            generators: ["data": first.data],
                            info: Checkpoint.Info(step: 4, epoch: 2, metadata: ["run": "test"]))
        Torch.manualSeed(999)
        let second = try Run(modelSeed: 2, dataSeed: 0)
        let info = try Checkpoint.load(from: path, model: second.model, optimizer: second.optimizer,
                                       scheduler: second.scheduler, globalRNG: restoreRNG, generators: ["data": second.data])
        try second.train(steps: 4)
        return (second, info)
    }

    @Test func resumedTrainingIsBitIdentical() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        Torch.manualSeed(1234)
        let straight = try Run(modelSeed: 1, dataSeed: 7)
        try straight.train(steps: 8)

        let (resumed, info) = try resumed(restoreRNG: true, dir: dir)
        #expect(try resumed.weightBits() == straight.weightBits())
        #expect(resumed.optimizer.learningRate == straight.optimizer.learningRate)
        #expect(resumed.scheduler.state() == straight.scheduler.state())
        #expect(info == Checkpoint.Info(step: 4, epoch: 2, metadata: ["run": "test"]))
        #expect(try Checkpoint.info(at: dir + "/ckpt.safetensors") == info)

        // The control: without the global generator's state the dropout masks differ.
        let (unrestored, _) = try self.resumed(restoreRNG: false, dir: dir)
        #expect(try unrestored.weightBits() != straight.weightBits())
    }

    @Test func mismatchedObjectsAreRejectedBeforeAnythingChanges() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/ckpt.safetensors"
        let run = try Run(modelSeed: 1, dataSeed: 7)
        try run.train(steps: 1)
        try Checkpoint.save(to: path, model: run.model, optimizer: run.optimizer, scheduler: run.scheduler)

        func expectMismatch(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("\(what): load succeeded")
            } catch let error as CheckpointError {
                guard case .mismatch(let file, _) = error else { Issue.record("\(what): \(error)"); return }
                #expect(file == path && error.description.contains(path))
            } catch {
                Issue.record("\(what): \(error)")
            }
        }

        let other = try Run(modelSeed: 3, dataSeed: 0)
        let before = try other.weightBits()
        expectMismatch("wider model") { try Checkpoint.load(from: path, model: TinyNet(seed: 1, hidden: 5)) }
        expectMismatch("SGD for Adam") {
            try Checkpoint.load(from: path, model: other.model, optimizer: SGD(other.model.parameters(), learningRate: 0.1))
        }
        expectMismatch("other Adam settings") {
            try Checkpoint.load(from: path, model: other.model, optimizer: Adam(other.model.parameters(), learningRate: 0.02))
        }
        expectMismatch("StepLR for cosine") {
            try Checkpoint.load(from: path, model: other.model, scheduler: StepLR(other.optimizer, stepSize: 2))
        }
        expectMismatch("unknown generator") {
            try Checkpoint.load(from: path, model: other.model, generators: ["data": other.data])
        }
        #expect(try other.weightBits() == before, "a rejected checkpoint changed the model")

        // A safetensors file that is not a checkpoint.
        let plain = dir + "/plain.safetensors"
        try SafeTensors.write(["w": try Tensor([Float(1)])], to: plain)
        #expect {
            try Checkpoint.load(from: plain, model: other.model)
        } throws: { error in
            guard case .invalid(let file, _) = error as? CheckpointError else { return false }
            return file == plain
        }
    }

    @Test func plateauSchedulerAndExplicitGeneratorRoundTrip() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/plateau.safetensors"
        let model = try TinyNet(seed: 1)
        let optimizer = try SGD(model.parameters(), learningRate: 0.1, momentum: 0.9)
        let plateau = try ReduceLROnPlateau(optimizer, patience: 0)
        let generator = try Generator(seed: 42)
        _ = try Tensor.rand([3], generator: generator)
        try Checkpoint.save(to: path, model: model, optimizer: optimizer, scheduler: plateau, globalRNG: [],
                            generators: ["g": generator])
        let expected = try Tensor.rand([5], generator: generator).toArray(Float.self)

        let restored = try Generator(seed: 0)
        let plateau2 = try ReduceLROnPlateau(try SGD(model.parameters(), learningRate: 0.1, momentum: 0.9), patience: 0)
        try Checkpoint.load(from: path, model: model, scheduler: plateau2, generators: ["g": restored])
        #expect(plateau2.state() == plateau.state())
        #expect(plateau2.best == .infinity)
        #expect(try Tensor.rand([5], generator: restored).toArray(Float.self) == expected)
    }
}
