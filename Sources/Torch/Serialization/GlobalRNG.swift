import CTorch

extension Torch {
    /// The state of the global generator of `device` (`torch.get_rng_state()` for the CPU,
    /// `torch.cuda.get_rng_state(i)` for a GPU): a uint8 tensor. The global CPU generator drives
    /// dropout and every factory called without an explicit `Generator`, so a checkpoint keeps it
    /// to resume training bit for bit.
    public static func rngState(device: Device = .cpu) throws(TorchError) -> Tensor {
        try produce { ct_default_generator_get_state(device.ct, $0) }
    }

    /// Restores a state from `rngState(device:)` (`torch.set_rng_state`).
    public static func setRNGState(_ state: Tensor, device: Device = .cpu) throws(TorchError) {
        try check(ct_default_generator_set_state(device.ct, state.handle))
    }
}
