import Foundation
import Torch

/// One optimisation step as every MetOrigin trainer takes it: clear the gradients, compute the
/// loss, refuse a non-finite one (naming the last good checkpoint, which is left untouched),
/// back-propagate and step. Returns the loss.
/// - Parameter lastCheckpoint: the trainer's `last` checkpoint path, reported if it exists.
func trainingStep(_ optimizer: any Optimizer, epoch: Int, batch: Int, lastCheckpoint: String?,
                  loss computeLoss: () throws(TorchError) -> Tensor) throws(TrainingError) -> Double {
    do {
        try optimizer.zeroGrad(setToNone: true)
        let l = try computeLoss()
        let loss = try l.scalar
        guard loss.isFinite else {
            throw TrainingError.nonFiniteLoss(epoch: epoch, batch: batch, checkpoint: lastCheckpoint.flatMap {
                FileManager.default.fileExists(atPath: $0) ? $0 : nil })
        }
        try l.backward()
        try optimizer.step()
        return loss
    } catch let e as TrainingError {
        throw e
    } catch let e as TorchError {
        throw .engine(e)
    } catch {
        throw .checkpoint("\(error)")
    }
}
