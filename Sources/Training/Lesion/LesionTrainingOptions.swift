import Models

/// How the lesion-level classifier is trained (shared settings and `LesionSettings`).
public typealias LesionTrainingOptions = TrainingOptions<LesionSettings>

/// The lesion-level classifier's own training settings: what the whole-brain classifier's
/// have (class-balanced sampling, weighted loss, seeded augmentation, an inner validation
/// split), the network's shape and the lesion detection and crop.
public struct LesionSettings: ClassBalancedSettings {
    /// Studies per batch (each with all its cropped lesions).
    public var batchSize: Int = 8
    public var learningRate = PaperLearningRate(base: 1e-3, constantEpochs: 20, halvingInterval: 5)
    /// Equal shares: every class is a fifth of each epoch (class-balanced sampling).
    public var classFractions: [Double] = [0.2, 0.2, 0.2, 0.2, 0.2]
    public var epochSize: Int?
    public var perClassShare: Double?
    public var weightedLoss = true
    public var augment = true
    /// Per crop: left–right flip, in-plane rotation, intensity jitter of the image channels.
    public var augmentation = Augmentation()
    /// Share of each fold's training patients held out to choose the epoch (macro AUC).
    public var validationFraction = 0.1
    public var network = LesionClassifierConfig()
    public var detection = LesionDetection()
    public var crop = LesionCropSettings()
    public init() {}

    /// 40 epochs at most, stopping when the inner-validation macro AUC has not improved for 10.
    public static var paper: LesionTrainingOptions {
        TrainingOptions(maxEpochs: 40, patience: 10, settings: LesionSettings())
    }

    /// The same protocol: the lesion model is small enough that one setting serves both.
    public static var demo: LesionTrainingOptions { paper }
}
