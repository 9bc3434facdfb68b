import Cohort
import Foundation

/// The reference head a cohort is rendered from.
public enum CohortAnatomy {
    /// The templates in `folder` (default: `data/anatomy` found upwards, or `METORIGIN_ANATOMY`),
    /// or the analytic phantom when `folder` is "phantom".
    public static func load(_ folder: String?) throws(CohortError) -> TissueAtlas {
        if folder == "phantom" { return TissueAtlas.phantom() }
        guard let directory = folder ?? AtlasStore.defaultDirectory() else {
            throw .badArgument("no anatomy found: run `make setup` (it fetches data/anatomy/), set METORIGIN_ANATOMY, "
                               + "or pass --anatomy DIR (or --anatomy phantom for the analytic head)")
        }
        return try AtlasStore.load(directory: directory)
    }
}

/// What `cohort generate` did: the generator's timings with the anatomy's loading time added,
/// where it wrote and on how many cores.
public struct CohortGenerationResult: Sendable, Encodable {
    public var report: GenerationReport
    public var output: String
    public var cores: Int

    private enum CodingKeys: String, CodingKey {
        case patients, studies, voxels, cores, out
        case atlas = "atlas_s", plan = "plan_s", render = "render_thread_s", write = "write_thread_s", total = "total_s"
        case cpu = "cpu_s", renderCPU = "render_thread_cpu_s", writeCPU = "write_thread_cpu_s"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.patients, forKey: .patients)
        try c.encode(report.studies, forKey: .studies)
        try c.encode(report.voxels, forKey: .voxels)
        try c.encode(report.atlasSeconds, forKey: .atlas)
        try c.encode(report.planSeconds, forKey: .plan)
        try c.encode(report.renderSeconds, forKey: .render)
        try c.encode(report.writeSeconds, forKey: .write)
        try c.encode(report.totalSeconds, forKey: .total)
        try c.encode(report.cpuSeconds, forKey: .cpu)
        try c.encode(report.renderThreadCPU, forKey: .renderCPU)
        try c.encode(report.writeThreadCPU, forKey: .writeCPU)
        try c.encode(cores, forKey: .cores)
        try c.encode(output, forKey: .out)
    }
}

/// `metorigin cohort generate`: checks the options and the output folder before anything is
/// loaded, then loads the anatomy and generates the cohort.
public enum CohortGeneration {
    /// - Parameter progress: called after each image with (images done, images in all).
    public static func run(_ options: CohortOptions, anatomy: String?,
                           log: @Sendable (String) -> Void = { _ in },
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws(CohortError) -> CohortGenerationResult {
        _ = try CohortGenerator.validate(options)
        let started = Date()
        let atlas = try CohortAnatomy.load(anatomy)
        let atlasSeconds = Date().timeIntervalSince(started)
        var report = try CohortGenerator.generate(options, atlas: atlas, log: log, progress: progress)
        report.atlasSeconds = atlasSeconds
        report.totalSeconds += atlasSeconds
        return CohortGenerationResult(report: report, output: options.output, cores: ProcessInfo.processInfo.activeProcessorCount)
    }
}
