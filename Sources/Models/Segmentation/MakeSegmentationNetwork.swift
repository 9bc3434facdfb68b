import Torch

/// Builds one of the four segmentation networks.
/// - Parameters:
///   - generator: draws the initial parameters (nil: the global generator).
///   - dropoutGenerator: draws the transformer's dropout masks in training (nil: the global
///     generator); only the proposed network has dropout.
/// - Throws: `TorchError` naming the config field that cannot build a network.
public func makeSegmentationNetwork(_ architecture: SegmentationArchitecture, config: SegmentationNetworkConfig,
                                    generator: Generator?, dropoutGenerator: Generator? = nil) throws(TorchError)
    -> any SegmentationNetwork {
    switch architecture {
    case .proposed: return try ConvTransformerUNet(config: config, generator: generator, dropoutGenerator: dropoutGenerator)
    case .unet: return try UNet(config: config, attentionGates: false, generator: generator)
    case .attunet: return try UNet(config: config, attentionGates: true, generator: generator)
    case .unetpp: return try UNetPlusPlus(config: config, generator: generator)
    }
}
