import ArgumentParser
import Cohort
import Foundation

/// `metorigin cohort …`: the embedded synthetic benchmark cohort (docs/cohort.md).
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Generate and describe the synthetic brain-metastasis cohort.",
        subcommands: [CohortGenerateCommand.self, CohortDescribeCommand.self, CohortFigureCommand.self,
                      CohortOracleCommand.self]
    )
}

/// Loads the reference head: the fetched templates, or the analytic phantom on request.
private func loadAtlas(_ anatomy: String?) throws -> TissueAtlas {
    if anatomy == "phantom" { return TissueAtlas.phantom() }
    guard let dir = anatomy ?? AtlasStore.defaultDirectory() else {
        throw ValidationError("no anatomy found: run `make setup` (it fetches data/anatomy/), set METORIGIN_ANATOMY, "
                              + "or pass --anatomy DIR (or --anatomy phantom for the analytic head)")
    }
    return try AtlasStore.load(directory: dir)
}

struct CohortGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate",
                                                    abstract: "Write a synthetic cohort with its manifest.")
    @Option(help: "Number of patients (at least 5, one per class).") var patients: Int
    @Option(help: "Seed: same seed, same bytes.") var seed: UInt64 = 1
    @Option(help: "Output folder (created; must be empty unless --force).") var out: String
    @Option(help: "nifti or dicom.") var format: String = "nifti"
    @Option(help: "paper, demo (≈2 mm) or X,Y,Z spacing in mm.") var resolution: String = "demo"
    @Option(name: .customLong("modality-mix"), help: "paper (Table 1 imbalance) or balanced.") var modalityMix: String = "paper"
    @Option(help: "Anatomy folder, or 'phantom' (default: data/anatomy found upwards).") var anatomy: String?
    @Option(help: "Worker threads (0 = one per core).") var threads: Int = 0
    @Flag(help: "A control cohort: no metastases, every study contoured (empty), label 'none', patients C0001….")
    var lesionFree = false
    @Option(name: .customLong("flair-contour"),
            help: "What a contoured FLAIR study's contour outlines: tumour (labels 1-2, as on T1 CE) or lesion (the FLAIR-hyperintense tumour and oedema, labels 1-3).")
    var flairContour: String = FLAIRContour.tumour.rawValue
    @Flag(help: "Replace an existing cohort in --out.") var force = false
    @Flag(help: "Print one line per study.") var verbose = false
    @Flag(help: "Print the timing report as JSON.") var json = false

    func run() throws {
        guard let fmt = CohortOptions.Format(rawValue: format) else {
            throw ValidationError("unknown --format '\(format)': use nifti or dicom")
        }
        guard let mix = ModalityMix(rawValue: modalityMix) else {
            throw ValidationError("unknown --modality-mix '\(modalityMix)': use paper or balanced")
        }
        var options = CohortOptions(patients: patients, seed: seed, output: out)
        options.format = fmt
        options.resolution = try CohortResolution(parsing: resolution)
        options.mix = mix
        options.force = force
        options.threads = threads
        options.lesionFree = lesionFree
        guard let contour = FLAIRContour(rawValue: flairContour) else {
            throw ValidationError("unknown --flair-contour '\(flairContour)': use lesion or tumour")
        }
        options.flairContour = contour
        // Arguments and output folder first: nothing is loaded or rendered if they are wrong.
        _ = try CohortGenerator.validate(options)
        let t0 = Date()
        let atlas = try loadAtlas(anatomy)
        let atlasSeconds = Date().timeIntervalSince(t0)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let verbose = self.verbose
        var report = try CohortGenerator.generate(options, atlas: atlas, log: { if verbose { print($0) } })
        report.atlasSeconds = atlasSeconds
        report.totalSeconds += atlasSeconds
        if json {
            let d: [String: Any] = ["patients": report.patients, "studies": report.studies, "voxels": report.voxels,
                                    "atlas_s": report.atlasSeconds, "plan_s": report.planSeconds,
                                    "render_thread_s": report.renderSeconds, "write_thread_s": report.writeSeconds,
                                    "total_s": report.totalSeconds, "cpu_s": report.cpuSeconds,
                                    "render_thread_cpu_s": report.renderThreadCPU,
                                    "write_thread_cpu_s": report.writeThreadCPU,
                                    "cores": cores, "out": out]
            let data = try JSONSerialization.data(withJSONObject: d, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("wrote \(report.studies) images of \(report.patients) patients to \(out) (\(fmt.rawValue), "
                  + "\(options.resolution), \(mix.rawValue) mix\(lesionFree ? ", lesion-free controls" : ""))")
            print(String(format: "timing: atlas %.2f s, plan %.2f s, render %.2f s, write %.2f s (summed over threads); "
                         + "total %.2f s wall, %.3f s per image, %.1f Mvoxel", report.atlasSeconds, report.planSeconds,
                         report.renderSeconds, report.writeSeconds, report.totalSeconds,
                         report.totalSeconds / Double(max(report.studies, 1)), Double(report.voxels) / 1e6))
            // CPU time divided by the cores is what the run costs on an otherwise idle machine.
            print(String(format: "cpu: %.2f s user+system over %d cores = %.2f s on idle cores, %.3f s per image; "
                         + "study threads: render %.2f s, write %.2f s", report.cpuSeconds, cores,
                         report.cpuSeconds / Double(cores), report.cpuSeconds / Double(cores) / Double(max(report.studies, 1)),
                         report.renderThreadCPU, report.writeThreadCPU))
        }
    }
}

struct CohortDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe",
                                                    abstract: "Counts, lesion statistics and the oracle ceiling of a cohort.")
    @Argument(help: "A folder written by `metorigin cohort generate`.") var directory: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let d = try CohortDescription(directory: directory)
        if json {
            let data = try JSONSerialization.data(withJSONObject: d.json, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(d.text, terminator: "")
        }
    }
}

struct CohortFigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "figure",
                                                    abstract: "PNG of one synthetic patient per class (T1 CE, FLAIR, truth).")
    @Option(help: "Output PNG path.") var out: String = "docs/cohort-figure.png"
    @Option(help: "Seed.") var seed: UInt64 = 7
    @Option(help: "Anatomy folder, or 'phantom'.") var anatomy: String?

    func run() throws {
        let png = try CohortFigure.png(atlas: try loadAtlas(anatomy), seed: seed)
        try CohortFigure.write(png, to: out)
        print("wrote \(out)")
    }
}

struct CohortOracleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Oracle ceiling on a large latent-only sample (nothing is rendered).")
    @Option(help: "Patients to sample.") var patients: Int = 2000
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(name: .customLong("modality-mix"), help: "paper or balanced.") var modalityMix: String = "paper"
    @Option(help: "Anatomy folder, or 'phantom'.") var anatomy: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        guard let mix = ModalityMix(rawValue: modalityMix) else {
            throw ValidationError("unknown --modality-mix '\(modalityMix)': use paper or balanced")
        }
        let atlas = try loadAtlas(anatomy)
        let s = try CohortGenerator.latentSample(patients: patients, seed: seed, mix: mix, atlas: atlas)
        let ceiling = CohortCeiling(features: s.features, labels: s.labels, groups: s.patients, acquired: s.acquired,
                                    singleFeatures: true)
        let r = ceiling.latent, a = ceiling.acquired
        if json {
            let d: [String: Any] = ["macro_auc": r.macroAUC, "per_class_auc": r.perClassAUC.map { $0.isNaN ? -1 : $0 },
                                    "samples": r.samples,
                                    "single_feature_auc": Dictionary(uniqueKeysWithValues: zip(LatentFeatures.names,
                                                                                               r.singleFeatureAUC)),
                                    "acquired_modality_oracle": ["macro_auc": a.macroAUC,
                                                                 "per_class_auc": a.perClassAUC.map { $0.isNaN ? -1 : $0 }]]
            let data = try JSONSerialization.data(withJSONObject: d, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "oracle macro AUC %.3f on %d sessions (5-fold patient-grouped CV)", r.macroAUC, r.samples))
            for (c, a) in zip(CohortLabel.allCases, r.perClassAUC) { print("  \(c.rawValue) " + String(format: "%.3f", a)) }
            for (n, a) in zip(LatentFeatures.names, r.singleFeatureAUC) { print("  single \(n) " + String(format: "%.3f", a)) }
            print(String(format: "acquired-modality oracle macro AUC %.3f (each session keeps the features its acquired "
                         + "modalities render: FLAIR shows no enhancement or texture amplitude)", a.macroAUC))
            for (c, v) in zip(CohortLabel.allCases, a.perClassAUC) { print("  \(c.rawValue) " + String(format: "%.3f", v)) }
        }
    }
}
