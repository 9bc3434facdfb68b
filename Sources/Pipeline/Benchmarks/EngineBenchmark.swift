import Foundation
import Torch

/// One workload's timings on one side.
public struct WorkloadTiming: Codable, Sendable {
    public var name: String
    public var stepsPerSecond: Double
    public var seconds: [Double]
    public var peakRSSMB: Double

    enum CodingKeys: String, CodingKey {
        case name, seconds
        case stepsPerSecond = "steps_per_s"
        case peakRSSMB = "peak_rss_mb"
    }
}

/// A Swift-vs-PyTorch comparison of one workload.
public struct WorkloadComparison: Codable, Sendable {
    public var name: String
    public var swiftStepsPerSecond: Double
    public var pytorchStepsPerSecond: Double
    public var ratio: Double
    public var swiftPeakRSSMB: Double
    public var pytorchPeakRSSMB: Double

    enum CodingKeys: String, CodingKey {
        case name, ratio
        case swiftStepsPerSecond = "swift_steps_per_s"
        case pytorchStepsPerSecond = "pytorch_steps_per_s"
        case swiftPeakRSSMB = "swift_peak_rss_mb"
        case pytorchPeakRSSMB = "pytorch_peak_rss_mb"
    }
}

public struct EngineBenchmarkError: Error, CustomStringConvertible {
    public let description: String
}

/// `metorigin bench engine`: each workload runs in a fresh child process on each side — this
/// binary in worker mode and `benchmarks/engine.py` — so peak memory is the workload's own.
/// The sides alternate over `rounds`, and the median over all timed steps is reported.
public enum EngineBenchmark {
    /// Times `steps` steps after `warmup` in this process and reports peak RSS (worker mode).
    public static func runWorker(_ workload: EngineWorkload, device: Device, threads: Int, warmup: Int, runs: Int,
                                 seed: UInt64 = 0) throws(TorchError) -> WorkloadTiming {
        Torch.threads = threads
        let step = try workload.makeStep(device: device, seed: seed)
        return try timeSteps(name: workload.rawValue, device: device, warmup: warmup, runs: runs, step: step)
    }

    /// Times `runs` calls of `step` after `warmup` untimed ones, waiting for the GPU after each,
    /// and reports the median rate and this process's peak RSS. Shared by every benchmark's
    /// worker mode.
    static func timeSteps(name: String, device: Device, warmup: Int, runs: Int,
                          step: () throws(TorchError) -> Void) throws(TorchError) -> WorkloadTiming {
        let sync = { if case .cuda(let i) = device { Torch.cudaSynchronize(i) } }
        for _ in 0..<warmup { try step() }
        sync()
        var seconds: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try step()
            sync()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return WorkloadTiming(name: name, stepsPerSecond: 1 / median(seconds), seconds: seconds.sorted(),
                              peakRSSMB: peakRSSMB())
    }

    /// Runs every workload on both sides and compares them.
    /// - Parameters:
    ///   - executable: this binary (re-invoked in worker mode).
    ///   - python: the interpreter with torch==2.11.0.
    ///   - warmup, runsPerRound: untimed and timed steps per worker process, each multiplied by
    ///     the workload's `stepScale` so a 10 ms step is timed as often as it takes to be
    ///     measured rather than three times.
    public static func compare(workloads: [EngineWorkload], executable: String, python: String, script: String,
                               device: Device, threads: Int, rounds: Int = 2, runsPerRound: Int = 3, warmup: Int = 2,
                               log: (String) -> Void) throws -> [WorkloadComparison] {
        var results: [WorkloadComparison] = []
        for w in workloads {
            let common = ["--threads", "\(threads)", "--warmup", "\(warmup * w.stepScale)",
                          "--runs", "\(runsPerRound * w.stepScale)", "--device", device.description]
            results.append(try alternate(name: w.rawValue, rounds: rounds,
                                         pytorch: (python, [script, "--workload", w.rawValue] + common),
                                         swift: (executable, ["bench", "engine", "--worker", w.rawValue] + common), log: log))
        }
        return results
    }

    /// Runs the PyTorch and the Swift worker (each a fresh process printing one timing line)
    /// alternately for `rounds` rounds and compares the medians over all timed steps.
    /// `unit` names one step in the log (a training step, a volume).
    static func alternate(name: String, rounds: Int, pytorch: (String, [String]), swift: (String, [String]),
                          unit: String = "step", log: (String) -> Void) throws -> WorkloadComparison {
        var swiftTimes: [Double] = [], torchTimes: [Double] = []
        var swiftRSS = 0.0, torchRSS = 0.0
        for r in 0..<rounds {
            let py = try child(pytorch.0, pytorch.1)
            let sw = try child(swift.0, swift.1)
            torchTimes += py.seconds; swiftTimes += sw.seconds
            torchRSS = max(torchRSS, py.peakRSSMB); swiftRSS = max(swiftRSS, sw.peakRSSMB)
            log(String(format: "  %@ round %d/%d: Swift %.3f s/%@, PyTorch %.3f s/%@", name, r + 1, rounds,
                       median(sw.seconds), unit, median(py.seconds), unit))
        }
        let s = 1 / median(swiftTimes), p = 1 / median(torchTimes)
        return WorkloadComparison(name: name, swiftStepsPerSecond: s, pytorchStepsPerSecond: p, ratio: s / p,
                                  swiftPeakRSSMB: swiftRSS, pytorchPeakRSSMB: torchRSS)
    }

    static func child(_ executable: String, _ arguments: [String]) throws -> WorkloadTiming {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        do { try process.run() } catch {
            throw EngineBenchmarkError(description: "cannot start \(executable): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self).split(separator: "\n").suffix(5).joined(separator: "\n")
            throw EngineBenchmarkError(description: "\(executable) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(message)")
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let timing = try? JSONDecoder().decode(WorkloadTiming.self, from: Data(line.utf8)) else {
            throw EngineBenchmarkError(description: "\(executable) printed no timing line")
        }
        return timing
    }

    /// Peak resident set size of this process (VmHWM), in MB.
    public static func peakRSSMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? 0
            return kb / 1024
        }
        return 0
    }

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s[s.count / 2]
    }
}
