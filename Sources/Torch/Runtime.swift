import CTorch

/// Process-wide engine settings and facts: threads, seeds, determinism, CUDA.
public enum Torch {
    /// libtorch's version string (e.g. "2.11.0").
    public static var version: String { String(cString: ct_libtorch_version()) }

    /// Intra-op threads; default is all cores.
    public static var threads: Int {
        get { Int(ct_get_num_threads()) }
        set { ct_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// Seeds libtorch's global generators (CPU and CUDA), as `torch.manual_seed`.
    public static func manualSeed(_ seed: UInt64) { ct_manual_seed(seed) }

    /// Restricts libtorch to deterministic algorithms (errors on ops that have none).
    public static func setDeterministic(_ enabled: Bool) throws(TorchError) { try check(ct_set_deterministic(enabled)) }

    /// Loads `libtorch_cuda.so` once so the same binary runs on a GPU when one exists. Called by
    /// `cudaIsAvailable`; returns a line saying what happened.
    @discardableResult
    public static func loadCUDA() -> (loaded: Bool, message: String) {
        var msg: UnsafePointer<CChar>?
        let ok = ct_load_cuda(&msg)
        return (ok, msg.map { String(cString: $0) } ?? "")
    }

    public static var cudaIsAvailable: Bool { loadCUDA(); return ct_cuda_is_available() }
    public static var cudaDeviceCount: Int { loadCUDA(); return Int(ct_cuda_device_count()) }
    public static var cudnnIsAvailable: Bool { loadCUDA(); return ct_cudnn_is_available() }
    /// cuDNN version number (e.g. 91002), nil without cuDNN.
    public static var cudnnVersion: Int? { let v = ct_cudnn_version(); return v > 0 ? Int(v) : nil }
    /// CUDA runtime version libtorch reports (e.g. "13000"), nil on CPU-only runs.
    public static var cudaVersion: String? { let v = String(cString: ct_cuda_build_version()); return v.isEmpty ? nil : v }
    public static func cudaDeviceName(_ index: Int = 0) -> String? {
        guard let s = ct_cuda_device_name(Int32(index)) else { return nil }
        defer { ct_string_free(s) }
        return String(cString: s)
    }
    public static func cudaSynchronize(_ index: Int = 0) { ct_cuda_synchronize(Int32(index)) }

    /// The best available device: the first GPU when CUDA works, else the CPU.
    public static var defaultDevice: Device { cudaIsAvailable ? .cuda(0) : .cpu }

    /// The CPU instruction set libtorch dispatches to ("AVX2", "AVX512", …).
    public static var cpuCapability: String {
        guard let s = ct_cpu_capability() else { return "unknown" }
        defer { ct_string_free(s) }
        return String(cString: s)
    }
    /// Tensor handles the shim made minus those it freed, counted on the calling thread only, so
    /// that a leak check stays exact while other threads work: code that frees everything it
    /// makes leaves it unchanged.
    public static var tensorHandleBalanceOnThisThread: Int { Int(ct_tensor_handle_balance()) }

    /// libtorch's description of its threading backends.
    public static var parallelInfo: String {
        guard let s = ct_parallel_info() else { return "" }
        defer { ct_string_free(s) }
        return String(cString: s)
    }
}
