import Foundation
import MedicalIO
import Torch

/// Saving and restoring the trainer's state between epochs.
extension CycleGANTrainer {
    struct SavedState {
        var epoch: Int
        var health: TrainingHealth
        var history: [TransferEpochLosses]
        var kept: String?
    }

    /// Options that must not change across a resume (everything but the epoch count).
    var resumeKey: String {
        var o = options
        o.epochs = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(o)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The pools first, then the checkpoint that names their epoch: a crash between the two
    /// leaves a checkpoint whose pools do not match, which `restore` refuses rather than misuse.
    func saveState(epoch: Int, optimizer: Adam, health: TrainingHealth, history: [TransferEpochLosses],
                   kept: String?) throws(TransferTrainingError) {
        guard let last = lastPath, let poolPath else { return }
        var pools: [String: Tensor] = [:]
        for (i, t) in poolFlair.images.enumerated() { pools["flair.\(i)"] = t }
        for (i, t) in poolT1ce.images.enumerated() { pools["t1ce.\(i)"] = t }
        let encoder = JSONEncoder()
        do {
            try SafeTensors.write(pools, metadata: ["epoch": String(epoch)], to: poolPath)
            let metadata = ["health": String(decoding: try encoder.encode(health), as: UTF8.self),
                            "history": String(decoding: try encoder.encode(history), as: UTF8.self),
                            "kept": kept ?? "", "options": resumeKey]
            try Checkpoint.save(to: last, model: model, optimizer: optimizer, globalRNG: [],
                                info: .init(epoch: epoch, metadata: metadata))
            if let folder {
                let csv = ([TransferEpochLosses.csvHeader] + history.map(\.csvRow)).joined(separator: "\n") + "\n"
                try AtomicFile.write(csv, to: "\(folder)/history.csv")
            }
        } catch { throw .checkpoint("\(error)") }
    }

    func restore(from last: String, optimizer: Adam) throws(TransferTrainingError) -> SavedState {
        guard let poolPath else { throw .checkpoint("no output folder") }
        do {
            let header = try Checkpoint.info(at: last)
            // Compared decoded, so a checkpoint written before a setting existed still matches
            // that setting's default.
            let saved = try? JSONDecoder().decode(CycleGANTrainingOptions.self, from: Data((header.metadata["options"] ?? "").utf8))
            var current = options
            current.epochs = 0
            guard saved == current else {
                throw TransferTrainingError.checkpoint("\(last): the training options differ from those of the run being resumed")
            }
            let pools = try SafeTensors.read(poolPath)
            guard pools.metadata["epoch"] == String(header.epoch) else {
                throw TransferTrainingError.checkpoint("\(poolPath): image pools are of epoch \(pools.metadata["epoch"] ?? "?"), the checkpoint of epoch \(header.epoch + 1)")
            }
            let info = try Checkpoint.load(from: last, model: model, optimizer: optimizer, globalRNG: false)
            for (prefix, pool) in [("flair", poolFlair), ("t1ce", poolT1ce)] {
                var images: [Tensor] = []
                while let t = pools.tensors["\(prefix).\(images.count)"] { images.append(t) }
                try pool.restore(images)
            }
            let decoder = JSONDecoder()
            let health = try decoder.decode(TrainingHealth.self, from: Data((info.metadata["health"] ?? "").utf8))
            let history = try decoder.decode([TransferEpochLosses].self, from: Data((info.metadata["history"] ?? "").utf8))
            let kept = info.metadata["kept"].flatMap { $0.isEmpty ? nil : $0 }
            return SavedState(epoch: info.epoch, health: health, history: history, kept: kept)
        } catch let e as TransferTrainingError {
            throw e
        } catch {
            throw .checkpoint("\(last): \(error)")
        }
    }
}
