import ArgumentParser
import Foundation
import Pipeline

/// `metorigin bench engine`: Swift vs PyTorch on three training workloads, side by side.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Training-step throughput and peak memory of Swift vs PyTorch (benchmarks/engine.py).")
    @OptionGroup var options: SideBySideOptions
    @Option(help: "Comma-separated workloads (cnn3d, transformer, dispatch-unet2d); default all.")
    var workloads: CommaSeparated<EngineWorkload>?

    func run() throws {
        let (device, threads, json) = (options.device, options.threadCount, options.json)
        if let worker = options.worker {
            guard let w = EngineWorkload(rawValue: worker) else { throw ValidationError("unknown workload '\(worker)'") }
            return try options.answerParent(EngineBenchmark.runWorker(w, device: device, threads: threads, warmup: options.warmup.value,
                                                                      runs: options.runs.value, seed: options.seed))
        }
        let sides = try options.sides(script: "benchmarks/engine.py")
        if !json.json {
            print("engine benchmark: \(threads) threads, device \(device), \(options.rounds) alternating rounds × \(options.runs) steps per side after \(options.warmup) warm-up (×\(EngineWorkload.dispatchUNet2d.stepScale) for dispatch-unet2d)")
        }
        let results = try EngineBenchmark.compare(workloads: workloads?.values ?? EngineWorkload.allCases, executable: sides.executable,
                                                  python: sides.python, script: sides.script, device: device, threads: threads,
                                                  rounds: options.rounds.value, runsPerRound: options.runs.value, warmup: options.warmup.value,
                                                  log: { if !json.json { print($0) } })
        if json.json {
            struct Output: Encodable { var workloads: [WorkloadComparison] }
            return try json.print(Output(workloads: results))
        }
        print("workload          Swift steps/s  PyTorch steps/s  ratio  Swift RSS MB  PyTorch RSS MB")
        for r in results {
            // %@ does not pad, so the name is padded before formatting the numbers.
            print(r.name.padding(toLength: 17, withPad: " ", startingAt: 0)
                  + String(format: " %13.3f  %15.3f  %5.2f  %12.0f  %14.0f", r.swiftStepsPerSecond,
                           r.pytorchStepsPerSecond, r.ratio, r.swiftPeakRSSMB, r.pytorchPeakRSSMB))
        }
    }
}
