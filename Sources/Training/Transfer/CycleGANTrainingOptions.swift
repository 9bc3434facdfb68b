/// How the modality-transfer CycleGAN is trained (shared settings and `CycleGANSettings`); the
/// defaults are the paper's (Adam 1e-4, β1 = 0.5, batch 1, 50 epochs, λ = 10, least squares) and
/// the reference's image pool of 50. Without a `patience` every epoch runs (the paper's); with
/// one, early stopping watches the validation cycle loss.
public typealias CycleGANTrainingOptions = TrainingOptions<CycleGANSettings>

/// The CycleGAN's own training settings.
public struct CycleGANSettings: TrainingSettings {
    public var learningRate = 1e-4
    public var beta1 = 0.5
    public var beta2 = 0.999
    /// Slice pairs per optimisation step.
    public var batchSize = 1
    public var poolSize = 50
    public var loss = CycleGANLossOptions()
    /// Slice pairs drawn per training patient and epoch (nil: all of them, the paper).
    public var pairsPerPatient: Int?
    /// A sample grid is written after every `sampleEvery`-th epoch (0: never).
    public var sampleEvery = 5
    /// Training stops when a discriminator's mean epoch loss stays below `collapseThreshold`
    /// for `collapseEpochs` epochs in a row: it then tells real from fake perfectly and the
    /// generators learn nothing more (mode collapse or divergence).
    public var collapseThreshold = 1e-3
    public var collapseEpochs = 3
    public var validationFraction = TransferSplit.paperValidationFraction

    public init() {}

    /// The paper's protocol.
    public static var paper: CycleGANTrainingOptions {
        TrainingOptions(maxEpochs: 50, patience: nil, settings: CycleGANSettings())
    }

    /// Short enough for two CPU cores: 8 pairs per patient per epoch, 10 epochs, learning
    /// rate 2e-4 (the reference's), a sample every 2 epochs, and the paired term at weight 50:
    /// in so few steps the unpaired objective leaves the images far from the real ones, and the
    /// mutual-information pairs, used as supervision, close much of that gap (docs/transfer.md).
    public static var demo: CycleGANTrainingOptions {
        var o = paper
        o.maxEpochs = 10
        o.learningRate = 2e-4
        o.pairsPerPatient = 8
        o.sampleEvery = 2
        o.loss.pairedWeight = 50
        return o
    }
}
