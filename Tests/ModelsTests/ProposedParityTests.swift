import Foundation
import Models
import Testing
import Torch

/// The proposed network against the same network in PyTorch (`benchmarks/segment.py`): the
/// fixture holds PyTorch's state dict, two inputs and its outputs; regenerate it with
/// `.venv/bin/python benchmarks/segment.py --fixture Tests/ModelsTests/Fixtures/proposed_parity.safetensors`.
@Suite struct ProposedParityTests {
    /// The script's "tiny" preset.
    static let config = SegmentationNetworkConfig(
        widths: [4, 8, 8], groups: 2, transformerDepth: 2, transformerHeads: 2, transformerFeedForward: 16,
        transformerDropout: 0.1, sliceSize: 16)

    static func fixture() throws -> [String: Tensor] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try SafeTensors.load(url.appendingPathComponent("proposed_parity.safetensors").path)
    }

    @Test func pytorchStateDictLoadsStrictlyAndGivesTheSameLogits() throws {
        let tensors = try Self.fixture()
        var state: [String: Tensor] = [:]
        for (key, t) in tensors where key.hasPrefix("model.") { state[String(key.dropFirst("model.".count))] = t }
        let net = try ConvTransformerUNet(config: Self.config, generator: Generator(seed: 0))
        try net.load(stateDict: state, strict: true)
        net.eval()
        for (input, output) in [("input", "output"), ("input_resized", "output_resized")] {
            let x = try #require(tensors[input]), expected = try #require(tensors[output])
            let y = try withNoGrad { () throws(TorchError) in try net(x) }
            #expect(y.shape == expected.shape)
            let difference = try (y - expected).abs().max().scalar
            #expect(difference < 1e-4, "\(input): max |Swift − PyTorch| = \(difference)")
        }
    }
}
