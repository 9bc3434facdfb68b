import CTorch

/// A seeded random-number generator for tensor creation and initialisation. Pass one wherever
/// reproducibility matters; its state can be saved in a checkpoint and restored.
public final class Generator {
    let handle: ct_generator

    /// A generator on `device` starting from `seed`.
    public init(seed: UInt64, device: Device = .cpu) throws(TorchError) {
        var out: ct_generator?
        try check(ct_generator_new(seed, device.ct, &out))
        guard let out else { throw TorchError("libtorch returned no generator") }
        handle = out
    }

    deinit { ct_generator_free(handle) }

    public func manualSeed(_ seed: UInt64) throws(TorchError) { try check(ct_generator_set_seed(handle, seed)) }

    /// The generator's complete state as a uint8 tensor.
    public func state() throws(TorchError) -> Tensor { try produce { ct_generator_get_state(handle, $0) } }
    public func setState(_ state: Tensor) throws(TorchError) { try check(ct_generator_set_state(handle, state.handle)) }
}
