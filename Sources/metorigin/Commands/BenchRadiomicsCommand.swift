import ArgumentParser
import Foundation
import MedicalIO
import Radiomics

/// `metorigin bench radiomics`: features of every lesion of N studies, MetOrigin against
/// pyradiomics (benchmarks/pyradiomics_reference.py) on the same NIfTI files, in one run.
struct BenchRadiomicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radiomics",
        abstract: "Per-lesion radiomics time and peak memory vs pyradiomics (benchmarks/pyradiomics_reference.py).",
        discussion: "Both sides extract every lesion and each whole mask of the same studies (a NIfTI cohort's first T1 CE studies with --cohort, else generated phantoms), after one untimed warm-up study. ratio = pyradiomics seconds / our seconds. Ours runs lesions on all cores; pyradiomics runs as one process, as it is normally used."
    )

    @OptionGroup var json: JSONOption

    @Option(help: "A NIfTI cohort folder (metorigin cohort --format nifti); default: generated phantoms.")
    var cohort: String?

    @Option(help: "Number of studies.")
    var studies = 20

    @Option(help: "Python interpreter with pyradiomics (default: .venv/bin/python).")
    var python: String?

    @Option(help: "The reference script (default: benchmarks/pyradiomics_reference.py).")
    var script: String = "benchmarks/pyradiomics_reference.py"

    @Option(help: "Folder for the generated inputs (default: a temporary folder, removed afterwards).")
    var workdir: String?

    struct Workload: Codable {
        var name: String
        var seconds: Double
        var reference_seconds: Double?
        var ratio: Double?
        var lesions: Int
        var reference_lesions: Int?
        var peak_memory_bytes: Int
        var reference_peak_memory_bytes: Int?
    }

    struct Report: Codable {
        var workloads: [Workload]
        var threads: Int
        var studies: Int
    }

    func run() throws {
        guard studies >= 1 else { throw ValidationError("--studies must be at least 1") }
        let folder = workdir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("metorigin-bench-radiomics-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        if !json.json { print("preparing \(studies) studies in \(folder) …") }
        let list = try cohort.map { try RadiomicsBenchmark.cohortStudies($0, count: studies, in: folder) }
            ?? RadiomicsBenchmark.phantoms(count: studies, in: folder)
        let listPath = folder + "/studies.json"
        try AtomicFile.write(try JSONEncoder().encode(list), to: listPath)

        _ = try RadiomicsBenchmark.run(Array(list.prefix(1)))
        let start = ContinuousClock.now
        let lesions = try RadiomicsBenchmark.run(list)
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        let ourPeak = RadiomicsBenchmark.peakMemoryBytes()

        let reference = runReference(listPath)
        let refSeconds = reference?["seconds"] as? Double
        let workload = Workload(
            name: cohort == nil ? "phantom-lesions" : "cohort-lesions", seconds: seconds, reference_seconds: refSeconds,
            ratio: refSeconds.map { $0 / seconds }, lesions: lesions, reference_lesions: reference?["lesions"] as? Int,
            peak_memory_bytes: ourPeak, reference_peak_memory_bytes: reference?["peak_rss_bytes"] as? Int)
        let threads = ProcessInfo.processInfo.activeProcessorCount
        if json.json {
            try json.print(Report(workloads: [workload], threads: threads, studies: list.count))
        } else {
            func mib(_ b: Int?) -> String { b.map { String(format: "%.0f MiB", Double($0) / 1_048_576) } ?? "–" }
            print("workload          lesions   ours (s)   pyradiomics (s)   ratio   peak memory ours / pyradiomics   (\(list.count) studies, \(threads) threads)")
            print(workload.name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%9d %10.2f", lesions, seconds)
                + (refSeconds.map { String(format: "   %15.2f   %5.1f", $0, $0 / seconds) } ?? "                 –       –")
                + "   \(mib(ourPeak)) / \(mib(workload.reference_peak_memory_bytes))")
        }
    }

    /// Runs benchmarks/pyradiomics_reference.py; nil (with a note on stderr) when it cannot run.
    func runReference(_ listPath: String) -> [String: Any]? {
        PythonReference(python: python, script: script).run(["--studies", listPath])
    }
}
