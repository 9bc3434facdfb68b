import ArgumentParser
import Foundation
import Torch

/// The options every Swift-vs-PyTorch benchmark takes, and the checks before it runs: both
/// sides get the same device and threads, and the parent re-invokes this binary as the worker.
struct SideBySideOptions: ParsableArguments {
    @OptionGroup var json: JSONOption

    @Option(help: "cpu or cuda.")
    var device = Device.cpu

    @Option(help: "Python interpreter with torch==2.11.0 (default: .venv/bin/python).")
    var python: String?

    @Option(help: "Intra-op threads on both sides (default: all cores).")
    var threads: Positive?

    @Option(help: "Alternating rounds per workload.")
    var rounds: Positive = 2

    @Option(help: "Timed steps per round and side.")
    var runs: Positive = 3

    @Option(help: "Untimed warm-up steps per worker process.")
    var warmup: NonNegative = 2

    @Option(help: .hidden)
    var worker: String?

    @Option(help: .hidden)
    var seed: UInt64 = 0

    var threadCount: Int { threads?.value ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Both sides must be able to use the device: checked before any worker starts.
    func validate() throws {
        if case .cuda = device, !Torch.cudaIsAvailable { throw ValidationError("--device cuda: no CUDA device is available") }
    }

    /// A worker's answer to the parent process: its timing as one line of JSON on stdout.
    func answerParent(_ timing: some Encodable) throws {
        print(String(decoding: try JSONEncoder().encode(timing), as: UTF8.self))
    }

    /// This binary, the Python interpreter and the reference script, each checked to exist.
    func sides(script: String) throws -> (executable: String, python: String, script: String) {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let interpreter = python ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw ValidationError("no Python interpreter at \(interpreter); run `make setup` or pass --python")
        }
        guard FileManager.default.fileExists(atPath: script) else { throw ValidationError("\(script) not found; run from the repository root") }
        return (executable, interpreter, script)
    }
}
