import Models
import Testing
import Torch

/// Checkpoints and the PyTorch reference depend on these names; a rename must be deliberate.
@Suite struct StateDictKeyTests {
    @Test func proposedNetworkKeys() throws {
        let keys = Set(try makeNetwork(.proposed).stateDict().keys)
        for key in ["stem.conv.weight", "stem.norm.bias", "down.0.conv1.conv.weight", "down.1.conv2.norm.weight",
                    "down.1.shortcut.weight", "bottleneck.position_embedding",
                    "bottleneck.encoder.layers.0.self_attn.in_proj_weight", "bottleneck.encoder.layers.0.linear2.bias",
                    "bottleneck.encoder.layers.0.norm2.weight", "up.0.convs.conv1.conv.weight",
                    "up.1.convs.conv2.norm.bias", "fuse.conv.weight", "head.weight", "head.bias"] {
            #expect(keys.contains(key), "missing \(key)")
        }
        // stem 4 + down 2 × 14 + bottleneck 1 + 12 + up 2 × 8 + fuse 4 + head 2.
        #expect(keys.count == 67)
    }

    @Test func baselineKeys() throws {
        let unet = Set(try makeNetwork(.unet).stateDict().keys)
        let attunet = Set(try makeNetwork(.attunet).stateDict().keys)
        let unetpp = Set(try makeNetwork(.unetpp).stateDict().keys)
        #expect(unet.contains("encoder.levels.2.conv2.norm.weight"))
        #expect(unet.contains("decoder.0.upsample.conv.weight"))
        #expect(unet.contains("decoder.1.convs.conv1.conv.bias"))
        #expect(unet.count == 3 * 8 + 2 * (2 + 8) + 2)
        // Attention U-Net is U-Net plus three 1 × 1 convolutions and two norms per gate.
        #expect(unet.isSubset(of: attunet))
        #expect(attunet.subtracting(unet) == Set((0..<2).flatMap { i in
            ["gate", "skip", "psi", "gate_norm", "skip_norm"].flatMap { ["decoder.\(i).gate.\($0).weight", "decoder.\(i).gate.\($0).bias"] }
        }))
        // Nested nodes X^{0,1}, X^{1,1}, X^{0,2}.
        #expect(unetpp.contains("nodes.2.convs.conv1.conv.weight"))
        #expect(!unetpp.contains("nodes.3.convs.conv1.conv.weight"))
        #expect(unetpp.contains("heads.0.weight"))
    }
}
