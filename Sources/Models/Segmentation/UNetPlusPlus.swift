import Torch

/// One nested node X^{i,j} of U-Net++ (j ≥ 1): the up-convolved X^{i+1,j−1} concatenated with
/// every earlier node of its row X^{i,0…j−1}, then a `DoubleConv`.
public final class NestedNode: Module {
    public let upsample: UpConvolution
    public let convs: DoubleConv

    init(coarseChannels: Int, channels: Int, column: Int, groups: Int, generator: Generator?) throws(TorchError) {
        upsample = try UpConvolution(coarseChannels, channels, generator: generator)
        convs = try DoubleConv((column + 1) * channels, channels, groups: groups, generator: generator)
        super.init()
    }

    func callAsFunction(row: [Tensor], coarse: Tensor) throws(TorchError) -> Tensor {
        try convs(Tensor.cat(row + [upsample(coarse)], dim: 1))
    }
}

/// U-Net++ (Zhou et al. 2018): the U-Net encoder, with the skip pathways replaced by nested
/// dense convolution blocks X^{i,j}. With deep supervision every top-row node X^{0,j} has a
/// 1 × 1 head and the logits are their mean (the paper's "accurate mode"); without it only
/// X^{0,L} has one.
public final class UNetPlusPlus: Module, SegmentationNetwork {
    public let encoder: UNetEncoder
    /// Column by column (j = 1…L), within a column finest row first: X^{0,j}, X^{1,j}, ….
    public let nodes: [NestedNode]
    /// One per top-row node with deep supervision, else one.
    public let heads: [Conv2d]
    public let config: SegmentationNetworkConfig

    public var architecture: SegmentationArchitecture { .unetpp }
    public var sizeMultiple: Int { config.sizeMultiple }

    public init(config: SegmentationNetworkConfig, generator: Generator? = nil) throws(TorchError) {
        try config.validate()
        self.config = config
        encoder = try UNetEncoder(config: config, generator: generator)
        let w = config.widths, depth = config.downsamplingSteps
        var nodes: [NestedNode] = []
        for j in 1...depth {
            for i in 0...(depth - j) {
                nodes.append(try NestedNode(coarseChannels: w[i + 1], channels: w[i], column: j, groups: config.groups,
                                            generator: generator))
            }
        }
        self.nodes = nodes
        var heads: [Conv2d] = []
        for _ in 0..<(config.deepSupervision ? depth : 1) {
            heads.append(try Conv2d(w[0], 2, kernelSize: 1, generator: generator))
        }
        self.heads = heads
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let outputs = try supervisedOutputs(x)
        guard outputs.count > 1 else { return outputs[0] }
        return try Tensor.stack(outputs, dim: 0).mean(dim: 0)
    }

    /// The logits of each head, shallowest first (one tensor without deep supervision), for a
    /// trainer that puts a loss on each.
    public func supervisedOutputs(_ x: Tensor) throws(TorchError) -> [Tensor] {
        try checkInput(x, inChannels: config.inChannels)
        // grid[i] is row i: X^{i,0}, X^{i,1}, ….
        var grid = try encoder(x).map { [$0] }
        let depth = config.downsamplingSteps
        var k = 0
        for j in 1...depth {
            for i in 0...(depth - j) {
                grid[i].append(try nodes[k](row: grid[i], coarse: grid[i + 1][j - 1]))
                k += 1
            }
        }
        var outputs: [Tensor] = []
        if config.deepSupervision {
            for (j, head) in heads.enumerated() { outputs.append(try head(grid[0][j + 1])) }
        } else {
            outputs.append(try heads[0](grid[0][depth]))
        }
        return outputs
    }
}
