import Foundation
import Models
import Torch

/// `metorigin bench segment`: whole-volume inference of the proposed segmentation network —
/// a 256 × 256 × 64 volume (the paper's grid), slices through the network in batches, softmax
/// — in Swift and in PyTorch (`benchmarks/segment.py`, the same network), each side in fresh
/// worker processes, alternating, through `EngineBenchmark`'s machinery.
public enum SegmentBenchmark {
    /// Slices per volume and their size (the paper's 256 × 256 × 64 grid).
    public static let volumeShape = [64, 256, 256]

    /// The presets compared, by the names both sides know.
    public static let presets = ["demo", "paper"]

    /// Times whole-volume inference in this process (worker mode); one step is one volume.
    public static func runWorker(preset: String, device: Device, threads: Int, warmup: Int, runs: Int, batchSize: Int,
                                 seed: UInt64 = 0) throws(TorchError) -> WorkloadTiming {
        guard let config = SegmentationNetworkConfig.preset(preset) else { throw TorchError("unknown preset '\(preset)'") }
        guard batchSize > 0 else { throw TorchError("batch size must be positive, got \(batchSize)") }
        Torch.threads = threads
        let network = try makeSegmentationNetwork(.proposed, config: config, generator: Generator(seed: seed))
        try network.to(device)
        network.eval()
        let volume = try Tensor.randn(volumeShape, generator: Generator(seed: seed)).to(device)
        return try EngineBenchmark.timeSteps(name: preset, device: device, warmup: warmup, runs: runs) { () throws(TorchError) in
            _ = try segment(volume, with: network, batchSize: batchSize)
        }
    }

    /// Tumour probability (D, H, W) of a (D, H, W) volume, `batchSize` slices per forward pass,
    /// as `segment_volume` in benchmarks/segment.py.
    static func segment(_ volume: Tensor, with network: any SegmentationNetwork, batchSize: Int) throws(TorchError) -> Tensor {
        try withInferenceMode { () throws(TorchError) -> Tensor in
            var probabilities: [Tensor] = []
            let slices = volume.size(0)
            for start in stride(from: 0, to: slices, by: batchSize) {
                let x = try volume.narrow(dim: 0, start: start, length: min(batchSize, slices - start)).unsqueeze(1)
                probabilities.append(try Functional.softmax(network(x), dim: 1).select(dim: 1, index: 1))
            }
            return try Tensor.cat(probabilities, dim: 0)
        }
    }

    /// Both sides for each preset; the ratio is Swift throughput over PyTorch throughput.
    /// - Parameters:
    ///   - executable: this binary (re-invoked in worker mode).
    ///   - python: the interpreter with torch==2.11.0; `script`: benchmarks/segment.py.
    public static func compare(presets: [String], executable: String, python: String, script: String, device: Device,
                               threads: Int, batchSize: Int, rounds: Int, runsPerRound: Int, warmup: Int,
                               log: (String) -> Void) throws -> [WorkloadComparison] {
        var results: [WorkloadComparison] = []
        for preset in presets {
            let common = ["--threads", "\(threads)", "--warmup", "\(warmup)", "--runs", "\(runsPerRound)",
                          "--batch", "\(batchSize)", "--device", device.description]
            results.append(try EngineBenchmark.alternate(
                name: preset, rounds: rounds, pytorch: (python, [script, "--preset", preset] + common),
                swift: (executable, ["bench", "segment", "--worker", preset] + common), log: log))
        }
        return results
    }
}
