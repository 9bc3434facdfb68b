/// Everything about how a segmentation network is trained; the defaults are the paper's.
public struct SegmentationTrainingOptions: Codable, Sendable, Equatable {
    /// Upper bound on epochs; training normally ends by the stopping rule first.
    public var maxEpochs = 1000
    public var batchSize = 12
    /// Adam's learning rate.
    public var learningRate = 1e-4
    /// Slices drawn per epoch (the paper does not say what it called an epoch; with slices
    /// sampled rather than swept, an epoch is a fixed number of them).
    public var slicesPerEpoch = 1200
    /// Share of each epoch's slices that contain tumour.
    public var lesionShare = 0.5
    /// Stop when the training loss has not fallen by `minRelativeImprovement` for `patience` epochs.
    public var patience = 20
    public var minRelativeImprovement = 0.01
    public var augment = true
    public var augmentation = Augmentation()
    /// Share of the contoured studies (by patient) held out for validation.
    public var validationFraction = SegmentationSplit.paperValidationFraction
    public var loss = SegmentationLoss()
    /// Slices per forward pass when predicting (validation and inference).
    public var inferenceBatchSize = 16
    public var seed: UInt64 = 0

    public init() {}

    /// The paper's protocol: Adam 1e-4, batch 12, the 1 % / 20-epoch stopping rule.
    public static let paper = SegmentationTrainingOptions()

    /// The demo protocol, so a network trains on two CPU cores in minutes rather than days:
    /// shorter epochs (240 slices), a larger learning rate (3e-4: with a few thousand steps in
    /// all, 1e-4 leaves the network under-trained) and a patience of 6 epochs.
    public static var demo: SegmentationTrainingOptions {
        var o = SegmentationTrainingOptions()
        o.maxEpochs = 40
        o.slicesPerEpoch = 240
        o.learningRate = 3e-4
        o.patience = 6
        return o
    }

    public static func preset(_ name: String) -> SegmentationTrainingOptions? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }
}
