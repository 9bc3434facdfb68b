import Foundation
import Testing
import Torch

/// Checkpoints: an interrupted and resumed training run must equal the uninterrupted one bit for
/// bit on the CPU, with dropout masks and batches drawn from generators the checkpoint keeps.
///
/// Dropout here draws from an explicit `Generator`, not the global one: tests run in
/// parallel in one process and others draw from (and seed) the global generator, which would
/// make a bit-exact comparison racy. The global generator's own save/restore is tested below
/// without depending on its stream.
@Suite struct CheckpointTests {
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

        /// Dropout (p = 0.3) with masks from `dropout`.
        func callAsFunction(_ x: Tensor, dropout: Generator) throws -> Tensor {
            let h = try Functional.linear(x, weight: fc1Weight.value, bias: fc1Bias.value).relu()
            let dropped = try Functional.dropout(h, p: 0.3, training: isTraining, generator: dropout)
            return try Functional.linear(dropped, weight: fc2Weight.value, bias: fc2Bias.value)
        }
    }

    /// Everything a training run holds.
    struct Run {
        let model: TinyNet
        let optimizer: Adam
        let scheduler: CosineAnnealingLR
        let data: Generator
        let dropout: Generator

        init(modelSeed: UInt64, dataSeed: UInt64) throws {
            model = try TinyNet(seed: modelSeed)
            optimizer = try Adam(model.trainableParameters(), learningRate: 0.02, weightDecay: 1e-4)
            scheduler = try CosineAnnealingLR(optimizer, tMax: 3, etaMin: 0.001)
            data = try Generator(seed: dataSeed)
            dropout = try Generator(seed: dataSeed + 100)
        }

        func train(steps: Int) throws {
            for _ in 0..<steps {
                let x = try Tensor.randn([32, 8], generator: data)
                let y = try Tensor.randint(0, 3, [32], generator: data)
                try optimizer.zeroGrad()
                try Functional.crossEntropy(model(x, dropout: dropout), target: y).backward()
                try optimizer.clipGradNorm(maxNorm: 1)
                try optimizer.step()
                scheduler.step()
            }
        }

        func weightBits() throws -> [UInt32] {
            try model.parameters().flatMap { try $0.value.toArray(Float.self).map(\.bitPattern) }
        }
    }

    /// Trains 4 steps, checkpoints, restores into a run with other weights and generator
    /// seeds, and trains 4 more.
    func resumed(restoreDropout: Bool, dir: String) throws -> (Run, Checkpoint.Info) {
        let first = try Run(modelSeed: 1, dataSeed: 7)
        try first.train(steps: 4)
        let path = dir + "/ckpt.safetensors"
        try Checkpoint.save(to: path, model: first.model, optimizer: first.optimizer, scheduler: first.scheduler,
                            generators: ["data": first.data, "dropout": first.dropout],
                            info: Checkpoint.Info(step: 4, epoch: 2, metadata: ["run": "test"]))
        let second = try Run(modelSeed: 2, dataSeed: 0)
        let generators = restoreDropout ? ["data": second.data, "dropout": second.dropout] : ["data": second.data]
        let info = try Checkpoint.load(from: path, model: second.model, optimizer: second.optimizer,
                                       scheduler: second.scheduler, globalRNG: false, generators: generators)
        try second.train(steps: 4)
        return (second, info)
    }

    @Test func resumedTrainingIsBitIdentical() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let straight = try Run(modelSeed: 1, dataSeed: 7)
        try straight.train(steps: 8)

        let (resumed, info) = try resumed(restoreDropout: true, dir: dir)
        #expect(try resumed.weightBits() == straight.weightBits())
        #expect(resumed.optimizer.learningRate == straight.optimizer.learningRate)
        #expect(resumed.scheduler.state() == straight.scheduler.state())
        #expect(try resumed.optimizer.state().steps == [8, 8, 8, 8])
        #expect(info == Checkpoint.Info(step: 4, epoch: 2, metadata: ["run": "test"]))
        #expect(try Checkpoint.info(at: dir + "/ckpt.safetensors") == info)

        // The control: without the dropout generator's state the masks, and so the weights, differ.
        let (unrestored, _) = try self.resumed(restoreDropout: false, dir: dir)
        #expect(try unrestored.weightBits() != straight.weightBits())
    }

    /// The global CPU generator's state goes into the file and comes back. Other tests draw from
    /// that generator concurrently, so a mismatch is retried: only a persistent one is a failure.
    @Test func globalGeneratorStateIsSavedAndRestored() throws {
        let dir = try SafeTensorsSupport.temporaryFolder()
        defer { SafeTensorsSupport.remove(dir) }
        let path = dir + "/rng.safetensors"
        let model = try TinyNet(seed: 1)
        var savedMatches = false, restoredMatches = false
        for _ in 0..<20 where !(savedMatches && restoredMatches) {
            let before = try SafeTensorsSupport.bytes(Torch.rngState())
            try Checkpoint.save(to: path, model: model)
            let stored = try SafeTensorsSupport.bytes(#require(try SafeTensors.load(path)["rng.global.cpu"]))
            savedMatches = savedMatches || stored == before
            try Checkpoint.load(from: path, model: model)
            let after = try SafeTensorsSupport.bytes(Torch.rngState())
            restoredMatches = restoredMatches || after == stored
        }
        #expect(savedMatches && restoredMatches)
        #expect(try SafeTensorsSupport.bytes(Torch.rngState()).count > 1000)  // the Mersenne Twister's state
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
