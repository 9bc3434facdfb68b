/// How the classifier is trained (shared settings and `ClassifierSettings`); the defaults are the paper's.
public typealias ClassifierTrainingOptions = TrainingOptions<ClassifierSettings>

/// Settings that sample each epoch by class (`ClassSampler`) and weight the cross-entropy to
/// undo the sampling: the whole-brain classifier's and the lesion-level classifier's.
public protocol ClassBalancedSettings: TrainingSettings {
    /// Per-epoch class shares, by class index.
    var classFractions: [Double] { get }
    /// Studies per epoch; nil = the size of the training set.
    var epochSize: Int? { get }
    /// When set, each epoch takes this share of every class's training studies instead.
    var perClassShare: Double? { get }
    /// Weighted cross-entropy (class weights that undo the epoch's class shares).
    var weightedLoss: Bool { get }
}

/// The classifier's own training settings.
public struct ClassifierSettings: ClassBalancedSettings {
    public var batchSize: Int = 3
    public var learningRate = PaperLearningRate()
    /// Per-epoch class shares (Lung, Breast, Melanoma, Renal, Other).
    public var classFractions: [Double] = ClassSampler.paperFractions
    /// Studies per epoch; nil = the size of the training set.
    public var epochSize: Int?
    /// When set, each epoch takes this share of every class's training studies instead of
    /// `classFractions` (the paper's binary tasks: 0.6; see `ClassSampler`).
    public var perClassShare: Double?
    /// Weighted cross-entropy (class weights that undo the epoch's class shares).
    public var weightedLoss = true
    public var augment = true
    public var augmentation = Augmentation()
    /// Share of each fold's training patients held out for early stopping.
    public var validationFraction = 0.1

    public init() {}

    /// The paper's protocol: at most 200 epochs, early stopping on the validation loss (1 % over 20 epochs).
    public static var paper: ClassifierTrainingOptions {
        TrainingOptions(maxEpochs: 200, patience: 20, settings: ClassifierSettings())
    }

    /// The demo protocol: the paper's, shortened and with a larger learning rate so a 10-fold
    /// cross-validation finishes on two CPU cores in minutes.
    public static var demo: ClassifierTrainingOptions {
        var o = paper
        o.maxEpochs = 10
        o.learningRate = PaperLearningRate(base: 1e-3, constantEpochs: 6, halvingInterval: 2)
        o.patience = 4
        o.batchSize = 6
        return o
    }
}

extension TrainingOptions where Settings == ClassifierSettings {
    /// The same protocol for a two-class network of Table 6: "the same setting as the five-class
    /// classification experiment except changing the weights in the weighted binary-cross-entropy
    /// and the sampling strategy" — each epoch a random `share` of each class, weights inverse to
    /// the training set's class frequencies (`lossWeights`).
    public func binaryTask(perClassShare share: Double = ClassSampler.paperBinaryShare) -> ClassifierTrainingOptions {
        var o = self
        o.perClassShare = share
        o.classFractions = [0.5, 0.5]
        o.epochSize = nil
        return o
    }
}

extension TrainingOptions where Settings: ClassBalancedSettings {
    /// The epoch sampler these options describe, for a training set of `trainingCount` studies.
    public func sampler(trainingCount: Int) -> ClassSampler {
        settings.perClassShare.map { ClassSampler(perClassShare: $0) }
            ?? ClassSampler(fractions: settings.classFractions, epochSize: settings.epochSize ?? trainingCount)
    }

    /// The cross-entropy class weights for a training set with these `labels`: with class shares,
    /// `classWeights` (they undo the shares); with a per-class share the epoch keeps the data's
    /// proportions, so inverse class frequency of `labels`. All ones without `weightedLoss`.
    public func lossWeights(labels: [Int], classCount: Int) -> [Double] {
        guard settings.weightedLoss else { return Array(repeating: 1, count: classCount) }
        return settings.perClassShare == nil ? classWeights : inverseFrequencyWeights(labels: labels, classCount: classCount)
    }

    /// Cross-entropy class weights: (1/C) / share, so every class contributes equally per epoch.
    public var classWeights: [Double] {
        let total = settings.classFractions.reduce(0, +)
        let c = Double(settings.classFractions.count)
        return settings.classFractions.map { $0 > 0 ? (1 / c) / ($0 / total) : 0 }
    }
}
