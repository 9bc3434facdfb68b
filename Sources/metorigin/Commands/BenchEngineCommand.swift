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

    @Flag(help: "Machine-readable output.")
    var json = false

    @Option(help: "cpu or cuda.")
    var device = "cpu"

    @Option(help: "Python interpreter with torch==2.11.0 (default: .venv/bin/python).")
    var python: String?

    @Option(help: "Comma-separated workloads (cnn3d, transformer, dispatch-unet2d); default all.")
    var workloads: String?

    @Option(help: "Intra-op threads on both sides (default: all cores).")
    var threads: Int?

    @Option(help: "Alternating rounds per workload.")
    var rounds = 2

    @Option(help: "Timed steps per round and side.")
    var runs = 3

    @Option(help: "Warm-up steps (worker mode).")
    var warmup = 2

    @Option(help: .hidden)
    var worker: String?

    @Option(help: .hidden)
    var seed: UInt64 = 0

    func run() throws {
        guard let dev = Device(parsing: device) else { throw ValidationError("unknown device '\(device)'") }
        if case .cuda = dev, !Torch.cudaIsAvailable { throw ValidationError("--device cuda: no CUDA device is available") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let worker {
            guard let w = EngineWorkload(rawValue: worker) else { throw ValidationError("unknown workload '\(worker)'") }
            let timing = try EngineBenchmark.runWorker(w, device: dev, threads: threadCount, warmup: warmup, runs: runs, seed: seed)
            print(String(decoding: try JSONEncoder().encode(timing), as: UTF8.self))
            return
        }
        let selected: [EngineWorkload] = try (workloads?.split(separator: ",").map { name in
            guard let w = EngineWorkload(rawValue: String(name)) else { throw ValidationError("unknown workload '\(name)'") }
            return w
        }) ?? EngineWorkload.allCases
        let root = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let executable = root.path
        let interpreter = python ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw ValidationError("no Python interpreter at \(interpreter); run `make setup` or pass --python")
        }
        let script = "benchmarks/engine.py"
        guard FileManager.default.fileExists(atPath: script) else { throw ValidationError("\(script) not found; run from the repository root") }
        if !json { print("engine benchmark: \(threadCount) threads, device \(dev), \(rounds) alternating rounds × \(runs) steps per side") }
        let results = try EngineBenchmark.compare(workloads: selected, executable: executable, python: interpreter, script: script,
                                                  device: dev, threads: threadCount, rounds: rounds, runsPerRound: runs,
                                                  log: { if !json { print($0) } })
        if json {
            struct Output: Encodable { var workloads: [WorkloadComparison] }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(Output(workloads: results)), as: UTF8.self))
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
