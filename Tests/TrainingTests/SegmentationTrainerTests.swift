import Foundation
import MedicalIO
import Testing
import Torch
@testable import Training

@Suite struct SegmentationTrainerTests {
    static func options(epochs: Int) -> SegmentationTrainingOptions {
        var o = SegmentationTrainingOptions.demo
        o.maxEpochs = epochs
        o.slicesPerEpoch = 24
        o.batchSize = 6
        o.learningRate = 1e-2
        o.seed = 11
        return o
    }

    /// The loss on a fixed batch (every lesion slice and as many empty ones, no augmentation).
    static func fixedLoss(_ net: TinySegmentationNetwork, _ data: SegmentationDataSet) throws -> Double {
        let slices = data.slices(of: Array(data.studies.indices))
        let refs = slices.filter(\.hasLesion) + slices.filter { !$0.hasLesion }.prefix(8)
        let (image, mask) = data.batch(Array(refs))
        let side = data.sliceSide
        net.eval()
        return try withNoGrad { () throws(TorchError) -> Double in
            try SegmentationLoss()(logits: net(Tensor.wrapping(image, shape: [refs.count, 1, side, side])),
                                   target: Tensor.wrapping(mask, shape: [refs.count, side, side])).scalar
        }
    }

    @Test func aFewEpochsLowerTheLossAndKeepTheBestCheckpoint() throws {
        let data = SegmentationFixture.dataSet()
        let split = SegmentationSplit(patientIDs: data.studies.map(\.patientID), seed: 1)
        let net = try TinySegmentationNetwork(seed: 3)
        let before = try Self.fixedLoss(net, data)
        let folder = SegmentationFixture.scratch("train")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trainer = try SegmentationTrainer(network: net, options: Self.options(epochs: 8), checkpointFolder: folder)
        var epochs: [(Double, Double?)] = []
        let result = try trainer.train(data: data, split: split) { e in
            if case .epochFinished(let s) = e { epochs.append((s.trainLoss, s.metrics.validationDice)) }
        }
        let after = try Self.fixedLoss(net, data)
        #expect(after < before * 0.6, "loss \(before) → \(after)")
        #expect(epochs.count == 8 && result.epochs == 8)
        #expect(epochs.allSatisfy { $0.1 != nil })
        #expect(result.bestValidationDice == epochs.compactMap(\.1).max())
        #expect(FileManager.default.fileExists(atPath: folder + "/best.safetensors"))
        #expect(try Checkpoint.info(at: folder + "/last.safetensors").epoch == 7)
    }

    /// Four studies trained for one epoch with checkpoints in a fresh folder.
    static func oneEpochTrained(_ name: String) throws -> (SegmentationDataSet, SegmentationSplit, String) {
        let data = SegmentationFixture.dataSet(studies: 4)
        let split = SegmentationSplit(patientIDs: data.studies.map(\.patientID), seed: 1)
        let folder = SegmentationFixture.scratch(name)
        _ = try SegmentationTrainer(network: TinySegmentationNetwork(seed: 3), options: Self.options(epochs: 1),
                                    checkpointFolder: folder).train(data: data, split: split)
        return (data, split, folder)
    }

    @Test func resumeContinuesFromTheLastEpoch() throws {
        let (data, split, folder) = try Self.oneEpochTrained("resume")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var resumedAt: Int?
        var epochsRun: [Int] = []
        let result = try SegmentationTrainer(network: TinySegmentationNetwork(seed: 99), options: Self.options(epochs: 2),
                                             checkpointFolder: folder).train(data: data, split: split, resume: true) { e in
            if case .resumed(let epoch) = e { resumedAt = epoch }
            if case .epochFinished(let s) = e { epochsRun.append(s.epoch) }
        }
        #expect(resumedAt == 1 && epochsRun == [1] && result.epochs == 2)
    }

    @Test func aNonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws {
        let (data, split, folder) = try Self.oneEpochTrained("nan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let poisoned = try TinySegmentationNetwork(seed: 3)
        let trainer = try SegmentationTrainer(network: poisoned, options: Self.options(epochs: 3), checkpointFolder: folder)
        // Resuming loads the good weights; poison them from the first batch on.
        var fired = false
        var caught: TrainingError?
        do {
            _ = try trainer.train(data: data, split: split, resume: true) { e in
                if case .resumed = e, !fired {
                    fired = true
                    try? withNoGrad { () throws(TorchError) in try poisoned.second.weight.value.fill_(.nan) }
                }
            }
        } catch {
            caught = error
        }
        let error = try #require(caught, "training on NaN weights did not stop")
        guard case .nonFiniteLoss(let epoch, let batch, _, let checkpoint, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(epoch == 1 && batch == 0)
        #expect(checkpoint == folder + "/last.safetensors")
        #expect(error.description.contains("last.safetensors"))
        #expect(try Checkpoint.info(at: folder + "/last.safetensors").epoch == 0)
    }
}
