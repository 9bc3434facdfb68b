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
    @OptionGroup var reference: PythonBenchmarkOptions

    @Option(help: "A NIfTI cohort folder (metorigin cohort --format nifti); default: generated phantoms.")
    var cohort: String?

    @Option(help: "Number of studies.")
    var studies: Positive = 20

    struct Report: Codable {
        var workloads: [BenchWorkload]
        var threads: Int
        var studies: Int
    }

    func run() throws {
        let (folder, temporary) = reference.workFolder(benchmark: "radiomics")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        if !json.json { print("preparing \(studies.value) studies in \(folder) …") }
        let list = try cohort.map { try RadiomicsBenchmark.cohortStudies($0, count: studies.value, in: folder) }
            ?? RadiomicsBenchmark.phantoms(count: studies.value, in: folder)
        let listPath = folder + "/studies.json"
        try AtomicFile.write(try JSONEncoder().encode(list), to: listPath)

        _ = try RadiomicsBenchmark.run(Array(list.prefix(1)))
        let start = ContinuousClock.now
        let lesions = try RadiomicsBenchmark.run(list)
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        let ourPeak = RadiomicsBenchmark.peakMemoryBytes()

        let answer = reference.reference(defaultScript: "benchmarks/pyradiomics_reference.py").run(["--studies", listPath])
        let refSeconds = answer?["seconds"] as? Double
        var workload = BenchWorkload(name: cohort == nil ? "phantom-lesions" : "cohort-lesions", seconds: seconds,
                                     referenceSeconds: refSeconds)
        workload.lesions = lesions
        workload.reference_lesions = answer?["lesions"] as? Int
        workload.peak_memory_bytes = ourPeak
        workload.reference_peak_memory_bytes = answer?["peak_rss_bytes"] as? Int
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
}
