/// Everything about how the classifier is trained; the defaults are the paper's.
public struct ClassifierTrainingOptions: Codable, Sendable, Equatable {
    /// Upper bound on epochs; training normally ends by early stopping first.
    public var maxEpochs: Int = 200
    public var batchSize: Int = 3
    public var learningRate = PaperLearningRate()
    /// Per-epoch class shares (Lung, Breast, Melanoma, Renal, Other).
    public var classFractions: [Double] = ClassSampler.paperFractions
    /// Studies per epoch; nil = the size of the training set.
    public var epochSize: Int?
    /// Weighted cross-entropy (class weights that undo the epoch's class shares).
    public var weightedLoss = true
    public var patience = 20
    public var minRelativeImprovement = 0.01
    public var augment = true
    public var augmentation = Augmentation()
    /// Share of each fold's training patients held out for early stopping.
    public var validationFraction = 0.1
    public var seed: UInt64 = 0

    public init() {}

    /// The paper's protocol.
    public static let paper = ClassifierTrainingOptions()

    /// The demo protocol: the paper's, shortened and with a larger learning rate so a 10-fold
    /// cross-validation finishes on two CPU cores in minutes.
    public static var demo: ClassifierTrainingOptions {
        var o = ClassifierTrainingOptions()
        o.maxEpochs = 10
        o.learningRate = PaperLearningRate(base: 1e-3, constantEpochs: 6, halvingInterval: 2)
        o.patience = 4
        o.batchSize = 6
        return o
    }

    public static func preset(_ name: String) -> ClassifierTrainingOptions? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }

    /// Cross-entropy class weights: (1/C) / share, so every class contributes equally per epoch.
    public var classWeights: [Double] {
        let total = classFractions.reduce(0, +)
        let c = Double(classFractions.count)
        return classFractions.map { $0 > 0 ? (1 / c) / ($0 / total) : 0 }
    }
}
