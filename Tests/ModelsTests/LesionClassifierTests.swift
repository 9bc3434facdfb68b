import Models
import Testing
import Torch

/// The lesion-level classifier pools a study's lesions by attention: the order of the lesions
/// does not matter, and a study without lesions is classified from its descriptors.
@Suite struct LesionClassifierTests {
    static func smallConfig() -> LesionClassifierConfig {
        var c = LesionClassifierConfig()
        c.stemWidth = 4
        c.blockWidths = [8]
        c.groups = 2
        c.embeddingWidth = 8
        c.attentionWidth = 4
        c.hiddenWidth = 8
        return c
    }

    static let n = 8

    static func batch(crops: Tensor?, features: Tensor?, counts: [Int], descriptors: Tensor) -> LesionBatch {
        LesionBatch(crops: crops, lesionFeatures: features, lesionCounts: counts, descriptors: descriptors)
    }

    @Test func logitsDoNotDependOnTheOrderOfTheLesions() throws {
        let config = Self.smallConfig()
        let g = try Generator(seed: 7)
        let model = try LesionClassifier(config: config, generator: g)
        model.eval()
        let crops = try Tensor.randn([4, config.channels, Self.n, Self.n, Self.n], generator: g)
        let features = try Tensor.randn([4, config.lesionFeatureCount], generator: g)
        let descriptors = try Tensor.randn([1, config.descriptorCount], generator: g)
        let (logits, attention) = try model(Self.batch(crops: crops, features: features, counts: [4], descriptors: descriptors))
        let order = try Tensor([Int64(2), 0, 3, 1])
        let (permuted, permutedAttention) = try model(Self.batch(crops: crops.indexSelect(dim: 0, index: order),
                                                                 features: features.indexSelect(dim: 0, index: order),
                                                                 counts: [4], descriptors: descriptors))
        let a = try logits.toArray(Float.self), b = try permuted.toArray(Float.self)
        #expect(a.count == config.classCount)
        for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-4) }
        // The weights follow their lesions and sum to one.
        let w = try attention[0].toArray(Float.self), pw = try permutedAttention[0].toArray(Float.self)
        #expect(abs(w.reduce(0, +) - 1) < 1e-5)
        for (k, i) in [2, 0, 3, 1].enumerated() { #expect(abs(pw[k] - w[i]) < 1e-5) }
        // Changing one lesion's crop does change the prediction: the lesions are used.
        let changed = try crops.clone()
        try changed.narrow(dim: 0, start: 0, length: 1).fill_(3)
        let (other, _) = try model(Self.batch(crops: changed, features: features, counts: [4], descriptors: descriptors))
        #expect(zip(a, try other.toArray(Float.self)).contains { abs($0 - $1) > 1e-5 })
    }

    @Test func aStudyWithoutLesionsIsClassifiedFromItsDescriptorsInAMixedBatch() throws {
        let config = Self.smallConfig()
        let g = try Generator(seed: 3)
        let model = try LesionClassifier(config: config, generator: g)
        model.eval()
        let crops = try Tensor.randn([2, config.channels, Self.n, Self.n, Self.n], generator: g)
        let features = try Tensor.randn([2, config.lesionFeatureCount], generator: g)
        let descriptors = try Tensor.randn([3, config.descriptorCount], generator: g)
        let (logits, attention) = try model(Self.batch(crops: crops, features: features, counts: [2, 0, 0], descriptors: descriptors))
        #expect(logits.shape == [3, config.classCount])
        #expect(attention.map { $0.shape } == [[2], [0], [0]])
        // Alone, without any crop, the lesion-free study gets the same logits as in the batch.
        let (alone, _) = try model(Self.batch(crops: nil, features: nil, counts: [0],
                                              descriptors: descriptors.narrow(dim: 0, start: 1, length: 1)))
        let inBatch = try logits.narrow(dim: 0, start: 1, length: 1).toArray(Float.self)
        for (x, y) in zip(inBatch, try alone.toArray(Float.self)) { #expect(abs(x - y) < 1e-5) }
        // A count that disagrees with the crops is an error, not a crash.
        #expect(throws: TorchError.self) {
            _ = try model(Self.batch(crops: crops, features: features, counts: [3], descriptors: descriptors.narrow(dim: 0, start: 0, length: 1)))
        }
    }
}
