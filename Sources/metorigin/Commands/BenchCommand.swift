import ArgumentParser

/// `metorigin bench …`: benchmarks that compare MetOrigin with its reference implementations
/// side by side in one run. Timings live here, never in unit tests.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks against the reference implementations (PyTorch, pydicom, SimpleITK).",
        subcommands: [
            BenchEngineCommand.self,
            BenchIOCommand.self,
            BenchRadiomicsCommand.self,
            BenchSegmentCommand.self,
        ]
    )
}
