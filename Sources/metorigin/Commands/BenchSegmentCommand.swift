import ArgumentParser
import Foundation
import Pipeline

/// `metorigin bench segment`: whole-volume inference of the proposed segmentation network,
/// Swift vs PyTorch, side by side; one step is one volume.
struct BenchSegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Seconds per 256×256×64 volume of the proposed segmentation network, Swift vs PyTorch (benchmarks/segment.py).")
    @OptionGroup var options: SideBySideOptions
    @Option(help: "Comma-separated presets (demo, paper); default both.")
    var presets: CommaSeparated<Preset>?
    @Option(help: "Slices per forward pass.")
    var batch: Positive = 16

    func run() throws {
        let (device, threads, json) = (options.device, options.threadCount, options.json)
        if let worker = options.worker {
            return try options.answerParent(SegmentBenchmark.runWorker(preset: worker, device: device, threads: threads, warmup: options.warmup.value,
                                                                       runs: options.runs.value, batchSize: batch.value, seed: options.seed))
        }
        let sides = try options.sides(script: "benchmarks/segment.py")
        if !json.json {
            print("segment benchmark: proposed network, \(SegmentBenchmark.volumeShape.map(String.init).joined(separator: "×")) "
                  + "volume, batch \(batch.value), \(threads) threads, device \(device), \(options.rounds) alternating rounds × "
                  + "\(options.runs) volumes per side after \(options.warmup) warm-up")
        }
        let results = try SegmentBenchmark.compare(presets: presets?.values.map(\.rawValue) ?? SegmentBenchmark.presets,
                                                   executable: sides.executable, python: sides.python,
                                                   script: sides.script, device: device, threads: threads, batchSize: batch.value,
                                                   rounds: options.rounds.value, runsPerRound: options.runs.value, warmup: options.warmup.value,
                                                   log: { if !json.json { print($0) } })
        if json.json {
            struct Output: Encodable {
                var volumeShape: [Int]
                var batch: Int
                var presets: [WorkloadComparison]
                enum CodingKeys: String, CodingKey { case batch, presets, volumeShape = "volume_shape" }
            }
            return try json.print(Output(volumeShape: SegmentBenchmark.volumeShape, batch: batch.value, presets: results))
        }
        print("preset  Swift s/volume  PyTorch s/volume  ratio (Swift/PyTorch throughput)  Swift RSS MB  PyTorch RSS MB")
        for r in results {
            print(r.name.padding(toLength: 7, withPad: " ", startingAt: 0)
                  + String(format: " %14.3f  %16.3f  %32.2f  %12.0f  %14.0f", 1 / r.swiftStepsPerSecond,
                           1 / r.pytorchStepsPerSecond, r.ratio, r.swiftPeakRSSMB, r.pytorchPeakRSSMB))
        }
    }
}
