import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin bench io`: MetOrigin's DICOM series read, DICOM→NIfTI conversion and resampling
/// against pydicom and SimpleITK (benchmarks/io.py) on the same files, in one run.
struct BenchIOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "io",
        abstract: "Series read, convert and resample times vs pydicom / SimpleITK (benchmarks/io.py).",
        discussion: "ratio = reference seconds / our seconds (higher is better). Each time is the median of --runs runs after one warm-up; both sides use --threads threads."
    )

    @OptionGroup var json: JSONOption
    @OptionGroup var reference: PythonBenchmarkOptions

    @Option(help: "Threads on both sides (default: all cores).")
    var threads: Positive?

    @Option(help: "Timed runs per workload and side.")
    var runs: Positive = 3

    struct Report: Codable {
        var workloads: [BenchWorkload]
        var threads: Int
    }

    func run() throws {
        let threadCount = threads?.value ?? ProcessInfo.processInfo.activeProcessorCount
        let (folder, temporary) = reference.workFolder(benchmark: "io")
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        if !json.json { print("preparing inputs in \(folder) …") }
        let inputs = try IOBenchmark.prepare(in: folder)

        var ours: [String: Double] = [:]
        let read = try IOBenchmark.median(runs: runs.value) { _ = try IOBenchmark.readSeries(inputs, threads: threadCount) }
        ours["series-read-vs-pydicom"] = read
        ours["series-read-vs-simpleitk"] = read
        ours["convert"] = try IOBenchmark.median(runs: runs.value) { try IOBenchmark.convert(inputs) }
        let head = try IOBenchmark.loadResampleInput(inputs)
        ours["resample"] = try IOBenchmark.median(runs: runs.value) { _ = try IOBenchmark.resample(head, threads: threadCount) }

        let referenceTimes = runReference(inputs, threads: threadCount)
        let names = ["series-read-vs-pydicom", "series-read-vs-simpleitk", "convert", "resample"]
        let workloads = names.map { BenchWorkload(name: $0, seconds: ours[$0] ?? .nan, referenceSeconds: referenceTimes[$0]) }
        if json.json {
            try json.print(Report(workloads: workloads, threads: threadCount))
        } else {
            print("workload                    ours (s)   reference (s)   ratio   (\(threadCount) threads, median of \(runs))")
            for w in workloads {
                let ref = w.reference_seconds.map { String(format: "%13.3f", $0) } ?? "            –"
                let ratio = w.ratio.map { String(format: "%7.2f", $0) } ?? "      –"
                print(w.name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%10.3f", w.seconds) + "   " + ref + "   " + ratio)
            }
        }
    }

    /// Runs benchmarks/io.py; an empty result (with a note on stderr) when it cannot run.
    func runReference(_ inputs: IOBenchmark.Inputs, threads: Int) -> [String: Double] {
        let answer = reference.reference(defaultScript: "benchmarks/io.py").run(
            ["--series", inputs.seriesFolder, "--resample-input", inputs.resampleInput,
             "--scratch", inputs.scratch, "--threads", String(threads), "--runs", String(runs.value)])
        return answer?.compactMapValues { $0 as? Double } ?? [:]
    }
}
