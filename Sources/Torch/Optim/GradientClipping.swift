import CTorch

extension Torch {
    /// Scales the gradients of `parameters` in place so that their total `normType`-norm is at
    /// most `maxNorm`, as `torch.nn.utils.clip_grad_norm_` (libtorch's implementation; pass
    /// `.infinity` for the max-norm). Parameters without a gradient are skipped.
    /// - Returns: the total norm before clipping (0 when no parameter has a gradient).
    @discardableResult
    public static func clipGradNorm(_ parameters: [Parameter], maxNorm: Double,
                                    normType: Double = 2) throws(TorchError) -> Double {
        let handles: [ct_tensor?] = parameters.map { $0.value.handle }
        var total = 0.0
        let status = withExtendedLifetime(parameters) {
            handles.withUnsafeBufferPointer { ct_clip_grad_norm($0.baseAddress, Int32($0.count), maxNorm, normType, &total) }
        }
        try check(status)
        return total
    }
}
