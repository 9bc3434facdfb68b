import Foundation
import MedicalIO
import Torch

/// The CycleGAN's part of the training loop: epochs of shuffled slice pairs, one step = the
/// generators then the discriminators (`CycleGANTrainer.step`), validation on the cycle loss and
/// the paired error, and the health checks (`TrainingHealth`). "Best" is the last healthy epoch;
/// early stopping, when the options set a patience, watches the validation cycle loss. Beyond
/// the model and the optimiser, a checkpoint carries the image pools (in a file beside it),
/// the health streaks, the loss history and the options, which a resume must match.
final class CycleGANTrainingTask: TrainingTask {
    let trainer: CycleGANTrainer
    let training: [TransferPatient]
    let validation: [TransferPatient]
    let adam: Adam
    var health: TrainingHealth
    private(set) var history: [TransferEpochLosses] = []
    /// The current epoch: its pairs in order, its start and its running loss sums.
    var items: [(patient: Int, pair: SlicePair)] = []
    var started = Date()
    var sums = TransferEpochLosses(epoch: 0)

    init(trainer: CycleGANTrainer, training: [TransferPatient], validation: [TransferPatient]) throws(TrainingError) {
        self.trainer = trainer
        self.training = training
        self.validation = validation
        let o = trainer.options
        do { adam = try Adam(trainer.model.parameters(), learningRate: o.learningRate, betas: (o.beta1, o.beta2)) } catch { throw .engine(error) }
        health = TrainingHealth(threshold: o.collapseThreshold, patience: o.collapseEpochs)
    }

    var model: Module { trainer.model }
    var optimizer: any Optimizer { adam }
    private var batchSize: Int { max(1, trainer.options.batchSize) }

    func beginEpoch(_ epoch: Int) throws(TrainingError) -> Int {
        started = Date()
        items = trainer.epochPairs(training, epoch: epoch)
        sums = TransferEpochLosses(epoch: epoch)
        trainer.model.train()
        return (items.count + batchSize - 1) / batchSize
    }

    func trainStep(epoch: Int, step: Int, of steps: Int) throws(TrainingError) -> StepLosses {
        let slice = items[(step * batchSize)..<min(items.count, (step + 1) * batchSize)]
        let l: CycleGANStepLosses
        do {
            let (a, b) = try trainer.batchTensors(slice, training)
            l = try trainer.step(a, b, optimizer: adam, step: epoch * steps + step)
        } catch { throw .engine(error) }
        l.accumulate(into: &sums)
        return StepLosses(value: l.objective, terms: l.named)
    }

    func validate(epoch: Int, trainLoss: Double) throws(TrainingError) -> CycleGANEpochMetrics {
        let steps = (items.count + batchSize - 1) / batchSize
        sums.scale(1 / Double(max(1, steps)))
        do { (sums.validationCycle, sums.validationPairedMAE) = try trainer.validate(validation.isEmpty ? training : validation) } catch {
            throw .engine(error)
        }
        sums.seconds = Date().timeIntervalSince(started)
        history.append(sums)
        let verdict = health.record(epoch: ["FLAIR (D1)": sums.discriminatorFlair, "T1 CE (D2)": sums.discriminatorT1ce])
        return CycleGANEpochMetrics(losses: sums, verdict: verdict)
    }

    func monitoredLoss(trainLoss: Double, metrics: CycleGANEpochMetrics) -> Double { metrics.losses.validationCycle }

    func isBest(epoch: Int, trainLoss: Double, metrics: CycleGANEpochMetrics, monitorImproved: Bool) -> Bool {
        metrics.verdict == .healthy
    }

    /// Options that must not change across a resume (everything but the epoch budget).
    var resumeKey: CycleGANTrainingOptions {
        var o = trainer.options
        o.maxEpochs = 0
        return o
    }

    /// The pools first, then the checkpoint that names their epoch: a crash between the two
    /// leaves a checkpoint whose pools do not match, which `restoreState` refuses rather than misuse.
    func savedState(after summary: EpochSummary<CycleGANEpochMetrics>) throws(TrainingError) -> [String: String] {
        guard let poolPath = trainer.poolPath else { return [:] }
        var pools: [String: Tensor] = [:]
        for (i, t) in trainer.poolFlair.images.enumerated() { pools["flair.\(i)"] = t }
        for (i, t) in trainer.poolT1ce.images.enumerated() { pools["t1ce.\(i)"] = t }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            try SafeTensors.write(pools, metadata: ["epoch": String(summary.epoch)], to: poolPath)
            return ["health": String(decoding: try encoder.encode(health), as: UTF8.self),
                    "history": String(decoding: try encoder.encode(history), as: UTF8.self),
                    "options": String(decoding: try encoder.encode(resumeKey), as: UTF8.self)]
        } catch { throw .checkpoint("\(poolPath): \(error)") }
    }

    func restoreState(_ metadata: [String: String], epoch: Int, path: String) throws(TrainingError) {
        guard let poolPath = trainer.poolPath else { throw .checkpoint("no output folder") }
        // Compared decoded, so a checkpoint written before a setting existed still matches
        // that setting's default.
        let saved = try? JSONDecoder().decode(CycleGANTrainingOptions.self, from: Data((metadata["options"] ?? "").utf8))
        guard saved == resumeKey else {
            throw .checkpoint("\(path): the training options differ from those of the run being resumed")
        }
        do {
            let pools = try SafeTensors.read(poolPath)
            guard pools.metadata["epoch"] == String(epoch) else {
                throw TrainingError.checkpoint("\(poolPath): image pools are of epoch \(pools.metadata["epoch"] ?? "?"), the checkpoint of epoch \(epoch + 1)")
            }
            for (prefix, pool) in [("flair", trainer.poolFlair), ("t1ce", trainer.poolT1ce)] {
                var images: [Tensor] = []
                while let t = pools.tensors["\(prefix).\(images.count)"] { images.append(try t.to(trainer.device)) }
                try pool.restore(images)
            }
            let decoder = JSONDecoder()
            health = try decoder.decode(TrainingHealth.self, from: Data((metadata["health"] ?? "").utf8))
            history = try decoder.decode([TransferEpochLosses].self, from: Data((metadata["history"] ?? "").utf8))
        } catch let e as TrainingError {
            throw e
        } catch {
            throw .checkpoint("\(path): \(error)")
        }
    }

    /// Writes `history.csv` and, every `sampleEvery` epochs, a sample grid; then stops the run
    /// when the epoch's health verdict says it cannot recover.
    func epochSaved(_ summary: EpochSummary<CycleGANEpochMetrics>, bestPath: String?,
                    report: (TransferTrainingEvent) -> Void) throws(TrainingError) {
        let o = trainer.options
        if let folder = trainer.folder {
            let csv = ([TransferEpochLosses.csvHeader] + history.map(\.csvRow)).joined(separator: "\n") + "\n"
            do { try AtomicFile.write(csv, to: "\(folder)/history.csv") } catch { throw .checkpoint("\(folder)/history.csv: \(error)") }
            if o.sampleEvery > 0, (summary.epoch + 1) % o.sampleEvery == 0 || summary.epoch + 1 == o.maxEpochs {
                let path = String(format: "%@/samples/epoch-%03d.png", folder, summary.epoch + 1)
                try trainer.writeSample(validation.isEmpty ? training : validation, to: path)
                report(.fileWritten(path: path))
            }
        }
        switch summary.metrics.verdict {
        case .collapsed(let d, let n): throw .collapsed(epoch: summary.epoch, discriminator: d, epochs: n, best: bestPath)
        case .nonFinite(let name):
            let last = trainer.checkpoints.map(\.last).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            throw .nonFiniteLoss(epoch: summary.epoch, step: max(0, (items.count + batchSize - 1) / batchSize - 1), loss: name,
                                 checkpoint: last, best: bestPath)
        case .healthy, .suspicious: break
        }
    }
}
