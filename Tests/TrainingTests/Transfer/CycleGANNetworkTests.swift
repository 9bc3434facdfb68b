import Models
import Testing
import Torch

/// The CycleGAN's generator and discriminator: shapes, the PatchGAN's 70 × 70 receptive field,
/// parameter counts and state-dict layout of the reference implementation, and N(0, 0.02) init.
@Suite("CycleGAN networks")
struct CycleGANNetworkTests {
    static let tiny = TransferNetworkConfig(generatorWidth: 4, residualBlocks: 2, discriminatorWidth: 4, sliceSize: 32)

    @Test func generatorKeepsTheSliceShapeAndStaysInTanhRange() throws {
        let g = try ResnetGenerator(config: Self.tiny, generator: Generator(seed: 1))
        let x = try Tensor.randn([2, 1, 32, 48], generator: Generator(seed: 2))
        let y = try g(x)
        #expect(y.shape == [2, 1, 32, 48])
        let values = try y.toArray(Float.self)
        #expect(values.allSatisfy { $0 > -1 && $0 < 1 })
        #expect(throws: TorchError.self) { try g(Tensor.zeros([1, 1, 30, 32])) }
    }

    @Test func patchDiscriminatorOutputAndReceptiveField() throws {
        let d = try PatchDiscriminator(config: Self.tiny, generator: Generator(seed: 1))
        #expect(d.receptiveField == 70)
        for side in [128, 256] {
            let y = try d(Tensor.zeros([1, 1, side, side]))
            let expected = PatchDiscriminator.outputSide(forInput: side)
            #expect(y.shape == [1, 1, expected, expected])
        }
        #expect(PatchDiscriminator.outputSide(forInput: 256) == 30)  // the reference's 30 × 30 map
        #expect(PatchDiscriminator.outputSide(forInput: 128) == 14)
    }

    @Test func paperPresetMatchesTheReferenceParameterCountsAndKeys() throws {
        // Reference (pytorch-CycleGAN-and-pix2pix, one input and output channel):
        // resnet_9blocks ngf 64 = 11,365,633 parameters, basic PatchGAN ndf 64 = 2,762,689.
        let g = try ResnetGenerator(config: .paper)
        let d = try PatchDiscriminator(config: .paper)
        #expect(g.parameterCount == 11_365_633)
        #expect(d.parameterCount == 2_762_689)
        let gKeys = Set(g.stateDict().keys)
        #expect(gKeys.contains("model.1.weight"))                   // c7s1-64 after ReflectionPad2d(3)
        #expect(gKeys.contains("model.10.conv_block.1.weight"))     // first residual block
        #expect(gKeys.contains("model.26.weight"))                  // last 7 × 7 convolution
        #expect(Set(d.stateDict().keys) == ["model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias",
                                            "model.5.weight", "model.5.bias", "model.8.weight", "model.8.bias",
                                            "model.11.weight", "model.11.bias"])
    }

    @Test func weightsAreNormalWithStd002AndBiasesZero() throws {
        let gan = try CycleGAN(config: .demo, generator: Generator(seed: 3))
        let weights = try gan.gT1ceToFlair.model.layers.compactMap { $0 as? Convolution }[1].weight.value.toArray(Float.self)
        let mean = weights.reduce(0, +) / Float(weights.count)
        let sd = (weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(weights.count)).squareRoot()
        #expect(abs(mean) < 0.002 && abs(sd - 0.02) < 0.002, "mean \(mean), sd \(sd)")
        for (key, t) in gan.stateDict() where key.hasSuffix(".bias") {
            #expect(try t.abs().max().scalar == 0, "\(key)")
        }
        #expect(Set(gan.stateDict().keys.map { String($0.split(separator: ".")[0]) })
                == ["g_t1ce_to_flair", "g_flair_to_t1ce", "d_flair", "d_t1ce"])
        // Same seed, same networks.
        let again = try CycleGAN(config: .demo, generator: Generator(seed: 3))
        #expect(try again.dT1ce.model.layers.compactMap { $0 as? Convolution }[0].weight.value.toArray(Float.self)
                == gan.dT1ce.model.layers.compactMap { $0 as? Convolution }[0].weight.value.toArray(Float.self))
    }
}
