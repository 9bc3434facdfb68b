import Torch

/// What a class-balanced classification task draws each epoch from and weights its loss with:
/// the training studies' labels, the epoch sampler (`ClassSampler`) and the cross-entropy class
/// weights that undo its shares, on the training device. Shared by the whole-brain and the
/// lesion-level classifier's tasks.
struct ClassBalancedObjective {
    /// Class index of each training study, in `training` order.
    let labels: [Int]
    let sampler: ClassSampler
    /// One weight per class (all ones without `weightedLoss`).
    let classWeights: [Double]
    /// `classWeights` as a tensor for the cross-entropy; nil without `weightedLoss`.
    let lossWeights: Tensor?

    init<S: ClassBalancedSettings>(options: TrainingOptions<S>, labels: [Int], classCount: Int, device: Device) throws(TrainingError) {
        self.labels = labels
        sampler = options.sampler(trainingCount: labels.count)
        classWeights = options.lossWeights(labels: labels, classCount: classCount)
        do { lossWeights = options.settings.weightedLoss ? try Tensor(classWeights.map { Float($0) }).to(device) : nil } catch {
            throw .engine(error)
        }
    }

    /// One epoch's training studies (elements of `training`), shuffled.
    func epoch(_ epoch: Int, of training: [Int], seed: UInt64) -> [Int] {
        sampler.epoch(labels: labels, epoch: epoch, seed: seed).map { training[$0] }
    }
}
