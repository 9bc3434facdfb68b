import Torch

/// The proposed network's bottleneck (Figure 2d): the feature map is flattened into one token
/// per pixel, learned position embeddings are added, and a stack of identical transformer
/// encoder layers (PyTorch's post-norm `TransformerEncoderLayer`) mixes them globally.
///
/// The embeddings are a grid made for one bottleneck size (`gridSize` × `gridSize`); another
/// size resizes the grid bilinearly, as ViT does when fine-tuning at a new resolution, so a
/// network trained on 128-pixel slices runs on any multiple of its size multiple.
public final class TransformerBottleneck: Module, UnaryLayer {
    /// (1, gridSize², width), row-major over the grid.
    public let positionEmbedding: Parameter
    public let encoder: TransformerEncoder
    public let gridSize: Int
    public let width: Int

    public init(width: Int, gridSize: Int, depth: Int, heads: Int, feedForward: Int, dropout: Double,
                generator: Generator? = nil, dropoutGenerator: Generator? = nil) throws(TorchError) {
        let table = try Tensor.empty([1, gridSize * gridSize, width])
        // ViT's initialisation of position embeddings (std 0.02).
        try table.normal_(mean: 0, std: 0.02, generator: generator)
        positionEmbedding = try Parameter(table)
        let layer = try TransformerEncoderLayer(dModel: width, numHeads: heads, dimFeedforward: feedForward, dropout: dropout,
                                                batchFirst: true, generator: generator, dropoutGenerator: dropoutGenerator)
        // Identical copies of one layer, as torch.nn.TransformerEncoder builds its stack.
        encoder = try TransformerEncoder(layer, numLayers: depth)
        self.gridSize = gridSize
        self.width = width
        super.init()
    }

    /// (N, width, h, w) → (N, width, h, w).
    public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
        let n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3)
        let tokens = try x.flatten(start: 2).transpose(1, 2)
        let mixed = try encoder(tokens + positionEmbeddings(rows: h, columns: w))
        return try mixed.transpose(1, 2).reshape([n, c, h, w])
    }

    /// The embeddings for an `rows` × `columns` bottleneck: the learned table itself at the
    /// configured size, else the table resized bilinearly as an image.
    public func positionEmbeddings(rows: Int, columns: Int) throws(TorchError) -> Tensor {
        let table = positionEmbedding.value
        if rows == gridSize && columns == gridSize { return table }
        let grid = try table.reshape([1, gridSize, gridSize, width]).permute([0, 3, 1, 2])
        let resized = try Functional.interpolate(grid, size: [rows, columns], mode: .linear, alignCorners: false)
        return try resized.permute([0, 2, 3, 1]).reshape([1, rows * columns, width])
    }
}
