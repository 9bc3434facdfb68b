/// The JSON part of a checkpoint.
struct Manifest: Codable {
    var step: Int
    var epoch: Int
    var metadata: [String: String]
    var modelKeys: [String] = []
    var optimizer: OptimizerManifest?
    var scheduler: SchedulerState?
    var globalRNG: [String] = []
    var generators: [String] = []
}

/// An optimiser's state minus its tensors, which are stored as tensors.
struct OptimizerManifest: Codable {
    var kind: String
    var hyperparameters: [String: Double]
    var learningRate: Double
    var initialLearningRate: Double?
    var steps: [Int]
    /// Per parameter, the names of its state tensors.
    var stateTensors: [[String]]

    init(_ s: OptimizerState) {
        kind = s.kind
        hyperparameters = s.hyperparameters
        learningRate = s.learningRate
        initialLearningRate = s.initialLearningRate
        steps = s.steps
        stateTensors = s.tensors.map { $0.keys.sorted() }
    }
}
