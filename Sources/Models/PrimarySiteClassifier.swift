import Torch
import Vocabulary

/// What the classifier sees for one batch. Each image is (N, 1, D, H, W) on the config's grid.
/// A `nil` modality is *missing*: its branch contributes zero features, and the caller records
/// the state (the predictions table has a column for it); nothing is zero-filled silently.
public struct ClassifierInput {
    public var t1ce: Tensor?
    public var flair: Tensor?
    /// Voxel-wise tumour probability (N, 1, D, H, W), from the segmentation network.
    public var probability: Tensor?
    public init(t1ce: Tensor?, flair: Tensor?, probability: Tensor?) {
        self.t1ce = t1ce
        self.flair = flair
        self.probability = probability
    }
    func image(_ branch: Modality) -> Tensor? { branch == .t1ce ? t1ce : flair }
}

/// One modality's 3D feature extractor: a convolution and five two-arm down-sampling blocks,
/// with the probability map max-pooled to each block's scale and concatenated to its input.
public final class FeatureBranch: Module {
    public let stem: ConvNormReLU
    public let blocks: [ResidualDownBlock]
    let usesProbabilityMap: Bool

    public init(config: ClassifierConfig, generator: Generator? = nil) throws(TorchError) {
        let extra = config.usesProbabilityMap ? 1 : 0
        stem = try ConvNormReLU(spatialDims: 3, 1, config.stemWidth, groups: config.groups, generator: generator)
        var blocks: [ResidualDownBlock] = []
        var channels = config.stemWidth
        for w in config.blockWidths {
            blocks.append(try ResidualDownBlock(spatialDims: 3, channels + extra, w, groups: config.groups, generator: generator))
            channels = w
        }
        self.blocks = blocks
        self.usesProbabilityMap = config.usesProbabilityMap
        super.init()
    }

    /// Output channels: the last block's width plus the pooled probability map.
    static func outputChannels(_ config: ClassifierConfig) -> Int {
        (config.blockWidths.last ?? config.stemWidth) + (config.usesProbabilityMap ? 1 : 0)
    }

    public func callAsFunction(_ image: Tensor, probability: Tensor?) throws(TorchError) -> Tensor {
        var x = try stem(image)
        for block in blocks {
            x = try block(withProbability(x, probability))
        }
        return try withProbability(x, probability)
    }

    private func withProbability(_ x: Tensor, _ probability: Tensor?) throws(TorchError) -> Tensor {
        guard usesProbabilityMap else { return x }
        guard let probability else {
            throw TorchError("this classifier takes a tumour probability map, but none was given")
        }
        let size = Array(x.shape.dropFirst(2))
        let pooled = Array(probability.shape.dropFirst(2)) == size
            ? probability : try Functional.adaptiveMaxPool(probability, outputSize: size)
        return try Tensor.cat([x, pooled], dim: 1)
    }
}

/// The primary-site classifier of the paper (Figure 6): two identical 3D feature branches
/// (T1 CE, T2 FLAIR) guided by the tumour probability map, fused by dual attention, and two
/// fully connected layers giving one logit per class.
public final class PrimarySiteClassifier: Module {
    public let config: ClassifierConfig
    public let t1ce: FeatureBranch?
    public let flair: FeatureBranch?
    public let attention: DualAttention
    public let fc1: Linear
    public let fc2: Linear
    /// Where dropout draws its masks: a trainer-owned generator makes training reproducible (and
    /// resumable) while other code uses the global generator; nil uses the global one.
    public var dropoutGenerator: Generator?

    public init(config: ClassifierConfig, generator: Generator? = nil) throws(TorchError) {
        guard !config.branches.isEmpty else { throw TorchError("a classifier needs at least one modality branch") }
        self.config = config
        t1ce = config.branches.contains(.t1ce) ? try FeatureBranch(config: config, generator: generator) : nil
        flair = config.branches.contains(.flair) ? try FeatureBranch(config: config, generator: generator) : nil
        let channels = FeatureBranch.outputChannels(config) * config.branches.count
        attention = try DualAttention(channels: channels, generator: generator)
        fc1 = try Linear(channels, config.hiddenWidth, generator: generator)
        fc2 = try Linear(config.hiddenWidth, config.classCount, generator: generator)
        super.init()
    }

    /// Logits (N, classCount).
    public func callAsFunction(_ input: ClassifierInput) throws(TorchError) -> Tensor {
        let probability = config.usesProbabilityMap ? input.probability : nil
        var features: [Tensor] = []
        var missing: [Int] = []
        for (i, branch) in config.branches.enumerated() {
            let net = branch == .t1ce ? t1ce! : flair!
            if let image = input.image(branch) {
                features.append(try net(image, probability: probability))
            } else {
                missing.append(i)
                features.append(try Tensor.zeros([1]))  // placeholder, replaced below
            }
        }
        guard missing.count < features.count else {
            throw TorchError("every modality of the classifier is missing; at least one image is needed")
        }
        // A missing modality's branch contributes zeros of the present branch's feature shape.
        let reference = features.indices.first { !missing.contains($0) }!
        for i in missing {
            features[i] = try Tensor.zeros(features[reference].shape, dtype: features[reference].dtype,
                                           device: features[reference].device)
        }
        let fused = try attention(Tensor.cat(features, dim: 1))
        let pooled = try fused.mean(dims: Array(2..<fused.ndim))
        var h = try fc1(pooled).relu()
        h = try seededDropout(h, p: config.dropout, training: isTraining, generator: dropoutGenerator)
        return try fc2(h)
    }
}
