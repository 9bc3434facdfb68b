import Models
import Torch

/// A configuration small enough for many forward and backward passes per test: two
/// down-sampling steps (size multiple 4), one transformer layer.
let tinySegmentationConfig = SegmentationNetworkConfig(
    widths: [4, 8, 8], groups: 2, transformerDepth: 1, transformerHeads: 2, transformerFeedForward: 16,
    transformerDropout: 0, sliceSize: 16)

func makeNetwork(_ architecture: SegmentationArchitecture, _ config: SegmentationNetworkConfig = tinySegmentationConfig,
                 seed: UInt64 = 1) throws -> any SegmentationNetwork {
    try makeSegmentationNetwork(architecture, config: config, generator: Generator(seed: seed))
}
