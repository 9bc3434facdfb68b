import ArgumentParser
import Foundation
import Pipeline
import Torch

/// `metorigin bench engine`: Swift vs PyTorch on three training workloads, side by side.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Training-step throughput and peak memory of Swift vs PyTorch (benchmarks/engine.py)."
    )

    @OptionGroup var options: SideBySideOptions

    @Option(help: "Comma-separated workloads (cnn3d, transformer, dispatch-unet2d); default all.")
    var workloads: String?

    func run() throws {
        let dev = try options.resolvedDevice()
        let threadCount = options.threadCount
        let json = options.json
        if let worker = options.worker {
            guard let w = EngineWorkload(rawValue: worker) else { throw ValidationError("unknown workload '\(worker)'") }
            let timing = try EngineBenchmark.runWorker(w, device: dev, threads: threadCount, warmup: options.warmup,
                                                       runs: options.runs, seed: options.seed)
            print(String(decoding: try JSONEncoder().encode(timing), as: UTF8.self))
            return
        }
        let selected: [EngineWorkload] = try (workloads?.split(separator: ",").map { name in
            guard let w = EngineWorkload(rawValue: String(name)) else { throw ValidationError("unknown workload '\(name)'") }
            return w
        }) ?? EngineWorkload.allCases
        let sides = try options.sides(script: "benchmarks/engine.py")
        if !json {
            print("engine benchmark: \(threadCount) threads, device \(dev), \(options.rounds) alternating rounds × \(options.runs) steps per side after \(options.warmup) warm-up (×\(EngineWorkload.dispatchUNet2d.stepScale) for dispatch-unet2d)")
        }
        let results = try EngineBenchmark.compare(workloads: selected, executable: sides.executable, python: sides.python,
                                                  script: sides.script, device: dev, threads: threadCount,
                                                  rounds: options.rounds, runsPerRound: options.runs, warmup: options.warmup,
                                                  log: { if !json { print($0) } })
        if json {
            struct Output: Encodable { var workloads: [WorkloadComparison] }
            try options.printJSON(Output(workloads: results))
        } else {
            print("workload          Swift steps/s  PyTorch steps/s  ratio  Swift RSS MB  PyTorch RSS MB")
            for r in results {
                // %@ does not pad, so the name is padded before formatting the numbers.
                print(r.name.padding(toLength: 17, withPad: " ", startingAt: 0)
                      + String(format: " %13.3f  %15.3f  %5.2f  %12.0f  %14.0f", r.swiftStepsPerSecond,
                               r.pytorchStepsPerSecond, r.ratio, r.swiftPeakRSSMB, r.pytorchPeakRSSMB))
            }
        }
    }
}
