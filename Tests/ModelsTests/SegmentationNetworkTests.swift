import Models
import Testing
import Torch

@Suite struct SegmentationNetworkTests {
    @Test(arguments: SegmentationArchitecture.allCases)
    func demoPresetGivesTwoLogitsPerPixel(_ architecture: SegmentationArchitecture) throws {
        let net = try makeNetwork(architecture, .demo)
        net.eval()
        #expect(net.architecture == architecture)
        #expect(net.sizeMultiple == 32)
        let x = try Tensor.randn([2, 1, 64, 96], generator: Generator(seed: 3))
        let y = try withNoGrad { () throws(TorchError) in try net(x) }
        #expect(y.shape == [2, 2, 64, 96])
    }

    @Test(arguments: SegmentationArchitecture.allCases)
    func sliceSizeNotAMultipleIsATypedError(_ architecture: SegmentationArchitecture) throws {
        let net = try makeNetwork(architecture)
        #expect(throws: TorchError.self) { try net(Tensor.zeros([1, 1, 18, 16])) }
        #expect(throws: TorchError.self) { try net(Tensor.zeros([1, 2, 16, 16])) }
        #expect(throws: TorchError.self) { try net(Tensor.zeros([1, 16, 16])) }
    }

    @Test func invalidConfigIsATypedError() throws {
        var config = tinySegmentationConfig
        config.transformerHeads = 3
        #expect(throws: TorchError.self) { try makeNetwork(.proposed, config) }
        config = tinySegmentationConfig
        config.widths = [4]
        #expect(throws: TorchError.self) { try makeNetwork(.unet, config) }
        config = tinySegmentationConfig
        config.sliceSize = 18
        #expect(throws: TorchError.self) { try makeNetwork(.unetpp, config) }
    }

    @Test(arguments: SegmentationArchitecture.allCases)
    func backwardGivesFiniteGradientsForEveryParameter(_ architecture: SegmentationArchitecture) throws {
        let net = try makeNetwork(architecture)
        let x = try Tensor.randn([2, 1, 16, 16], generator: Generator(seed: 4))
        try net(x).square().mean().backward()
        for (key, p) in net.namedParameters() {
            let grad = try #require(p.value.grad, "no gradient for \(key)")
            #expect(try grad.isFinite().all().scalar == 1, "non-finite gradient in \(key)")
        }
    }

    @Test func sameSeedSameNetwork() throws {
        for architecture in SegmentationArchitecture.allCases {
            let a = try makeNetwork(architecture, seed: 9).stateDict()
            let b = try makeNetwork(architecture, seed: 9).stateDict()
            for (key, t) in a {
                #expect(try t.toArray(Float.self) == b[key]!.toArray(Float.self), "\(architecture) \(key)")
            }
        }
    }

    @Test func deepSupervisionAveragesOneHeadPerNestedLevel() throws {
        var config = tinySegmentationConfig
        config.deepSupervision = true
        let net = try UNetPlusPlus(config: config, generator: Generator(seed: 2))
        #expect(net.heads.count == 2)
        let x = try Tensor.randn([1, 1, 16, 16], generator: Generator(seed: 5))
        let outputs = try net.supervisedOutputs(x)
        #expect(outputs.count == 2)
        let mean = try (outputs[0] + outputs[1]) / 2
        #expect(try (net(x) - mean).abs().max().scalar < 1e-6)
    }
}
