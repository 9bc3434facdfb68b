import Models
import Testing
import Torch

@Suite struct PositionEmbeddingTests {
    @Test func configuredSizeUsesTheTableItself() throws {
        let bottleneck = try TransformerBottleneck(width: 4, gridSize: 3, depth: 1, heads: 2, feedForward: 8, dropout: 0,
                                                   generator: Generator(seed: 1))
        let table = bottleneck.positionEmbedding.value
        #expect(try bottleneck.positionEmbeddings(rows: 3, columns: 3).toArray(Float.self) == table.toArray(Float.self))
    }

    @Test func otherSizesResizeTheGridBilinearly() throws {
        let bottleneck = try TransformerBottleneck(width: 2, gridSize: 2, depth: 1, heads: 2, feedForward: 8, dropout: 0,
                                                   generator: Generator(seed: 1))
        // Channel 0 varies along rows (0, 1), channel 1 is constant 5: table rows are pixels
        // (0,0), (0,1), (1,0), (1,1).
        try withNoGrad { () throws(TorchError) in
            try bottleneck.positionEmbedding.value.copy_(Tensor([Float(0), 5, 0, 5, 1, 5, 1, 5]).reshape([1, 4, 2]))
        }
        let resized = try bottleneck.positionEmbeddings(rows: 4, columns: 4)
        #expect(resized.shape == [1, 16, 2])
        let values = try resized.toArray(Float.self)
        // Half-pixel bilinear (align_corners false) from 2 to 4 rows: 0, 0.25, 0.75, 1.
        let rowValues: [Float] = [0, 0.25, 0.75, 1]
        for r in 0..<4 {
            for c in 0..<4 {
                #expect(abs(values[(r * 4 + c) * 2] - rowValues[r]) < 1e-6)
                #expect(abs(values[(r * 4 + c) * 2 + 1] - 5) < 1e-6)
            }
        }
    }

    @Test func proposedNetworkRunsAtASecondSliceSizeWithGradientsIntoTheTable() throws {
        let net = try ConvTransformerUNet(config: tinySegmentationConfig, generator: Generator(seed: 1))
        let x = try Tensor.randn([1, 1, 24, 32], generator: Generator(seed: 2))
        let y = try net(x)
        #expect(y.shape == [1, 2, 24, 32])
        try y.mean().backward()
        let grad = try #require(net.bottleneck.positionEmbedding.value.grad)
        #expect(try grad.abs().sum().scalar > 0)
    }
}
