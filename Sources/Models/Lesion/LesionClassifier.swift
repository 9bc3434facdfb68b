import Torch

/// The shape of the lesion-level primary-site classifier (`LesionClassifier`).
public struct LesionClassifierConfig: Codable, Sendable, Equatable {
    /// Crop channels (T1 CE, FLAIR, probability map).
    public var channels = 3
    public var stemWidth = 8
    public var blockWidths = [16, 32]
    public var groups = 4
    /// Per-lesion scalars concatenated to the encoder's features (volume, match, input states).
    public var lesionFeatureCount = 9
    /// Study descriptors concatenated to the pooled embedding (count, volumes, input states).
    public var descriptorCount = 11
    public var embeddingWidth = 32
    public var attentionWidth = 16
    public var hiddenWidth = 32
    public var dropout = 0.3
    public var classCount = 5
    public init() {}
}

/// One batch of studies for `LesionClassifier`: the crops of all their lesions stacked study by
/// study, with how many lesions each study has (0 for a study where none was found).
public struct LesionBatch {
    /// (L, channels, n, n, n); nil when no study of the batch has a lesion.
    public var crops: Tensor?
    /// (L, lesionFeatureCount).
    public var lesionFeatures: Tensor?
    public var lesionCounts: [Int]
    /// (B, descriptorCount).
    public var descriptors: Tensor

    public init(crops: Tensor?, lesionFeatures: Tensor?, lesionCounts: [Int], descriptors: Tensor) {
        self.crops = crops
        self.lesionFeatures = lesionFeatures
        self.lesionCounts = lesionCounts
        self.descriptors = descriptors
    }
}

/// Lesion-level multiple-instance classifier of the primary site: a shared 3D encoder per lesion
/// crop, gated attention pooling over a study's lesions, and the study descriptors fused into
/// class logits (through two fully connected layers, plus a linear path from the descriptors).
/// A study without lesions is classified from its descriptors alone (its pooled
/// embedding is zero and the descriptor "no lesion found" is set).
public final class LesionClassifier: Module {
    public let config: LesionClassifierConfig
    public let encoder: LesionEncoder
    public let embed: Linear
    public let attention: GatedAttentionPooling
    public let fc1: Linear
    public let fc2: Linear
    /// A direct linear path from the study descriptors to the logits, so the network is at least
    /// a multinomial logistic regression on lesion count and volumes (the strongest signal a
    /// small training set offers) while the lesion path learns.
    public let descriptorLogits: Linear
    /// Where dropout draws its masks (a trainer-owned generator keeps training reproducible).
    public var dropoutGenerator: Generator?

    public init(config: LesionClassifierConfig, generator: Generator? = nil) throws(TorchError) {
        self.config = config
        encoder = try LesionEncoder(channels: config.channels, stemWidth: config.stemWidth, blockWidths: config.blockWidths,
                                    groups: config.groups, generator: generator)
        embed = try Linear(encoder.outputWidth + config.lesionFeatureCount, config.embeddingWidth, generator: generator)
        attention = try GatedAttentionPooling(width: config.embeddingWidth, attentionWidth: config.attentionWidth,
                                              generator: generator)
        fc1 = try Linear(config.embeddingWidth + config.descriptorCount, config.hiddenWidth, generator: generator)
        fc2 = try Linear(config.hiddenWidth, config.classCount, generator: generator)
        descriptorLogits = try Linear(config.descriptorCount, config.classCount, generator: generator)
        super.init()
    }

    /// Logits (B, classCount) and each study's attention weights over its lesions (empty for a
    /// study without lesions), in the order of the batch.
    public func callAsFunction(_ batch: LesionBatch) throws(TorchError) -> (logits: Tensor, attention: [Tensor]) {
        let total = batch.lesionCounts.reduce(0, +)
        var embeddings: Tensor?
        if total > 0 {
            guard let crops = batch.crops, let features = batch.lesionFeatures, crops.size(0) == total, features.size(0) == total else {
                throw TorchError("lesion batch: \(total) lesions counted but the crops or features do not have as many rows")
            }
            embeddings = try embed(Tensor.cat([encoder(crops), features], dim: 1)).relu()
        }
        let descriptors = batch.descriptors
        let zero = try Tensor.zeros([config.embeddingWidth], dtype: descriptors.dtype, device: descriptors.device)
        var pooled: [Tensor] = []
        var weights: [Tensor] = []
        var start = 0
        for n in batch.lesionCounts {
            if n > 0, let embeddings {
                let (z, a) = try attention(embeddings.narrow(dim: 0, start: start, length: n))
                pooled.append(z)
                weights.append(a)
            } else {
                pooled.append(zero)
                weights.append(try Tensor.zeros([0], dtype: descriptors.dtype, device: descriptors.device))
            }
            start += n
        }
        var h = try fc1(Tensor.cat([Tensor.stack(pooled, dim: 0), descriptors], dim: 1)).relu()
        h = try seededDropout(h, p: config.dropout, training: isTraining, generator: dropoutGenerator)
        return (try fc2(h) + descriptorLogits(descriptors), weights)
    }
}
