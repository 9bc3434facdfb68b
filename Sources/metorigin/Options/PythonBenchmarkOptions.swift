import ArgumentParser
import Foundation

/// The options of a benchmark that times MetOrigin against a Python library on generated inputs
/// (`bench io`, `bench radiomics`): the interpreter, the reference script and where the inputs go.
struct PythonBenchmarkOptions: ParsableArguments {
    @Option(help: "Python interpreter with the reference library (default: .venv/bin/python).")
    var python: String?

    @Option(help: "The reference script (default: the command's script under benchmarks/).")
    var script: String?

    @Option(help: "Folder for the generated inputs (default: a temporary folder, removed afterwards).")
    var workdir: String?

    /// The reference runner, with the command's own script unless `--script` names another.
    func reference(defaultScript: String) -> PythonReference {
        PythonReference(python: python, script: script ?? defaultScript)
    }

    /// `--workdir`, or a fresh temporary folder named after the benchmark; `temporary` says
    /// whether the caller removes it when done.
    func workFolder(benchmark: String) -> (path: String, temporary: Bool) {
        if let workdir { return (workdir, false) }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("metorigin-bench-\(benchmark)-\(ProcessInfo.processInfo.processIdentifier)").path
        return (path, true)
    }
}

/// One timed workload of a side-by-side benchmark, as `--json` prints it: our seconds, the
/// reference's, their ratio (reference / ours, higher is better) and, where measured, the
/// lesion counts and peak memory of both sides.
struct BenchWorkload: Codable {
    var name: String
    var seconds: Double
    var reference_seconds: Double?
    var ratio: Double?
    var lesions: Int?
    var reference_lesions: Int?
    var peak_memory_bytes: Int?
    var reference_peak_memory_bytes: Int?

    init(name: String, seconds: Double, referenceSeconds: Double?) {
        self.name = name
        self.seconds = seconds
        self.reference_seconds = referenceSeconds
        self.ratio = referenceSeconds.map { $0 / seconds }
    }
}
