import ArgumentParser
import Cohort
import Foundation
import Pipeline
import Vocabulary

/// `metorigin cohort …`: the embedded synthetic benchmark cohort (docs/cohort.md).
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Generate and describe the synthetic brain-metastasis cohort.",
        subcommands: [CohortGenerateCommand.self, CohortDescribeCommand.self, CohortFigureCommand.self,
                      CohortOracleCommand.self]
    )
}

struct CohortGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate",
                                                    abstract: "Write a synthetic cohort with its manifest.")
    @Option(help: "Number of patients (at least 5, one per class).") var patients: Positive
    @Option(help: "Seed: same seed, same bytes.") var seed: UInt64 = 1
    @Option(help: "Output folder (created; must be empty unless --force).") var out: String
    @Option(help: "nifti or dicom.") var format = CohortOptions.Format.nifti
    @Option(help: "paper, demo (≈2 mm) or X,Y,Z spacing in mm.") var resolution: String = "demo"
    @Option(name: .customLong("modality-mix"), help: "paper (Table 1 imbalance) or balanced.") var modalityMix = ModalityMix.paper
    @OptionGroup var anatomy: AnatomyOption
    @Option(help: "Worker threads (0 = one per core).") var threads: NonNegative = 0
    @Flag(help: "A control cohort: no metastases, every study contoured (empty), label 'none', patients C0001….")
    var lesionFree = false
    @Option(name: .customLong("flair-contour"),
            help: "What a contoured FLAIR study's contour outlines: tumour (labels 1-2, as on T1 CE) or lesion (the FLAIR-hyperintense tumour and oedema, labels 1-3).")
    var flairContour = FLAIRContour.tumour
    @Flag(help: "Replace an existing cohort in --out.") var force = false
    @Flag(help: "Print one line per study.") var verbose = false
    @OptionGroup var json: JSONOption

    func run() throws {
        var options = CohortOptions(patients: patients.value, seed: seed, output: out)
        options.format = format
        options.resolution = try CohortResolution(parsing: resolution)
        options.mix = modalityMix
        options.force = force
        options.threads = threads.value
        options.lesionFree = lesionFree
        options.flairContour = flairContour
        let verbose = self.verbose
        InterruptHandler.install(advice: "the cohort in \(out) is incomplete; generate it again (same seed, same bytes) with:\n  "
                                 + InterruptHandler.commandLine(adding: "--force"))
        let progress = ProgressPrinter(quiet: json.json)
        progress.start()
        let result = try CohortGeneration.run(options, anatomy: anatomy.anatomy, log: { if verbose { progress.line($0) } },
                                              progress: { done, total in progress.bar("generating", done: done, total: total, detail: "images") })
        progress.finish()
        if json.json { return try json.print(result) }
        let report = result.report, cores = result.cores
        print("wrote \(report.studies) images of \(report.patients) patients to \(out) (\(format.rawValue), "
              + "\(options.resolution), \(modalityMix.rawValue) mix\(lesionFree ? ", lesion-free controls" : ""))")
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

struct CohortDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe",
                                                    abstract: "Counts, lesion statistics and the oracle ceiling of a cohort.")
    @Argument(help: "A folder written by `metorigin cohort generate`.") var directory: String
    @OptionGroup var json: JSONOption

    func run() throws {
        let d = try CohortDescription(directory: directory)
        if json.json { try json.print(object: d.json) } else { print(d.text, terminator: "") }
    }
}

struct CohortFigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "figure",
                                                    abstract: "PNG of one synthetic patient per class (T1 CE, FLAIR, truth).")
    @Option(help: "Output PNG path.") var out: String = "docs/cohort-figure.png"
    @Option(help: "Seed.") var seed: UInt64 = 7
    @OptionGroup var anatomy: AnatomyOption

    func run() throws {
        let png = try CohortFigure.png(atlas: try anatomy.atlas(), seed: seed)
        try CohortFigure.write(png, to: out)
        print("wrote \(out)")
    }
}

struct CohortOracleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Oracle ceiling on a large latent-only sample (nothing is rendered).")
    @Option(help: "Patients to sample.") var patients: Positive = 2000
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(name: .customLong("modality-mix"), help: "paper or balanced.") var modalityMix = ModalityMix.paper
    @OptionGroup var anatomy: AnatomyOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let report = try CohortOracleReport.sample(patients: patients.value, seed: seed, mix: modalityMix, atlas: try anatomy.atlas())
        if json.json { return try json.print(report) }
        let r = report.latent, a = report.acquired
        print(String(format: "oracle macro AUC %.3f on %d sessions (5-fold patient-grouped CV)", r.macroAUC, r.samples))
        for (c, a) in zip(PrimarySite.allCases, r.perClassAUC) { print("  \(c.rawValue) " + String(format: "%.3f", a)) }
        for (n, a) in zip(LatentFeatures.names, r.singleFeatureAUC) { print("  single \(n) " + String(format: "%.3f", a)) }
        print(String(format: "acquired-modality oracle macro AUC %.3f (each session keeps the features its acquired "
                     + "modalities render: FLAIR shows no enhancement or texture amplitude)", a.macroAUC))
        for (c, v) in zip(PrimarySite.allCases, a.perClassAUC) { print("  \(c.rawValue) " + String(format: "%.3f", v)) }
    }
}
