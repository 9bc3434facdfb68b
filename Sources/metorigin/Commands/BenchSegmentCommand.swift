import ArgumentParser
import Foundation
import Pipeline
import Torch

/// `metorigin bench segment`: whole-volume inference of the proposed segmentation network,
/// Swift vs PyTorch, side by side; one step is one volume.
struct BenchSegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Seconds per 256×256×64 volume of the proposed segmentation network, Swift vs PyTorch (benchmarks/segment.py)."
    )

    @OptionGroup var options: SideBySideOptions

    @Option(help: "Comma-separated presets (demo, paper); default both.")
    var presets: String?

    @Option(help: "Slices per forward pass.")
    var batch = 16

    func run() throws {
        let dev = try options.resolvedDevice()
        let threadCount = options.threadCount
        let json = options.json
        if let worker = options.worker {
            let timing = try SegmentBenchmark.runWorker(preset: worker, device: dev, threads: threadCount, warmup: options.warmup,
                                                        runs: options.runs, batchSize: batch, seed: options.seed)
            print(String(decoding: try JSONEncoder().encode(timing), as: UTF8.self))
            return
        }
        var selected: [String] = SegmentBenchmark.presets
        if let presets {
            selected = presets.split(separator: ",").map(String.init)
            for p in selected where !SegmentBenchmark.presets.contains(p) { throw ValidationError("unknown preset '\(p)'") }
        }
        let sides = try options.sides(script: "benchmarks/segment.py")
        if !json {
            print("segment benchmark: proposed network, \(SegmentBenchmark.volumeShape.map(String.init).joined(separator: "×")) "
                  + "volume, batch \(batch), \(threadCount) threads, device \(dev), \(options.rounds) alternating rounds × "
                  + "\(options.runs) volumes per side after \(options.warmup) warm-up")
        }
        let results = try SegmentBenchmark.compare(presets: selected, executable: sides.executable, python: sides.python,
                                                   script: sides.script, device: dev, threads: threadCount, batchSize: batch,
                                                   rounds: options.rounds, runsPerRound: options.runs, warmup: options.warmup,
                                                   log: { if !json { print($0) } })
        if json {
            struct Output: Encodable { var volumeShape: [Int]; var batch: Int; var presets: [WorkloadComparison] }
            try options.printJSON(Output(volumeShape: SegmentBenchmark.volumeShape, batch: batch, presets: results))
        } else {
            print("preset  Swift s/volume  PyTorch s/volume  ratio (Swift/PyTorch throughput)  Swift RSS MB  PyTorch RSS MB")
            for r in results {
                print(r.name.padding(toLength: 7, withPad: " ", startingAt: 0)
                      + String(format: " %14.3f  %16.3f  %32.2f  %12.0f  %14.0f", 1 / r.swiftStepsPerSecond,
                               1 / r.pytorchStepsPerSecond, r.ratio, r.swiftPeakRSSMB, r.pytorchPeakRSSMB))
            }
        }
    }
}
