import Torch

extension SegmentationNetwork {
    /// Throws unless `x` is `(N, inChannels, H, W)` with `H` and `W` multiples of `sizeMultiple`,
    /// so a wrong slice size is a clear error rather than a skip connection of mismatched size.
    func checkInput(_ x: Tensor, inChannels: Int) throws(TorchError) {
        guard x.ndim == 4 else {
            throw TorchError("\(architecture.rawValue): expected a (N, C, H, W) batch of slices, got shape \(x.shape)")
        }
        guard x.size(1) == inChannels else {
            throw TorchError("\(architecture.rawValue): expected \(inChannels) input channel(s), got \(x.size(1)) (shape \(x.shape))")
        }
        let h = x.size(2), w = x.size(3)
        guard h > 0, w > 0, h % sizeMultiple == 0, w % sizeMultiple == 0 else {
            throw TorchError("\(architecture.rawValue): slice size \(h) × \(w) is not a multiple of \(sizeMultiple); pad or crop the slices")
        }
    }
}
