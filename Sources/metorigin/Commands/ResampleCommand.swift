import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin resample IN.nii.gz --spacing 0.64,0.64,2.4 -o OUT.nii.gz`: a NIfTI image onto a new
/// spacing, keeping its physical extent, origin and direction (SimpleITK's convention).
struct ResampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resample", abstract: "Resample a NIfTI image to a new voxel spacing.",
        discussion: "The new size is round(size × spacing / new spacing) per axis. Points outside the input become 0. Nearest-neighbour keeps an unscaled integer type (use it for masks); linear and bspline write float32.")
    @Argument(help: ArgumentHelp("The NIfTI image (.nii or .nii.gz).", valueName: "IN.nii.gz"))
    var input: String

    @Option(help: ArgumentHelp("Target spacing in mm as x,y,z (the paper's grid: 0.64,0.64,2.4).", valueName: "X,Y,Z"))
    var spacing: String

    @Option(help: ArgumentHelp("linear, nearest or bspline.", valueName: "MODE"))
    var interp = Interpolation.linear

    @Option(name: .shortAndLong, help: ArgumentHelp("The NIfTI file to write.", valueName: "OUT.nii.gz"))
    var output: String

    @Option(help: "Worker threads (default: all cores).")
    var threads: Positive?

    @Option(help: ArgumentHelp("Resample only this volume of a 4-D file (0-based; default: every volume).", valueName: "N"))
    var volume: Int?

    @OptionGroup var memory: MemoryOptions
    @OptionGroup var json: JSONOption

    func run() throws {
        try memory.apply()
        let parts = spacing.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ValidationError("--spacing needs three positive numbers, e.g. 0.64,0.64,2.4")
        }
        let report = try NIfTIResampling.resampleFile(input: input, output: output, spacing: Spacing(parts[0], parts[1], parts[2]),
                                                      interpolation: interp, threads: threads?.value, volume: volume)
        if json.json {
            try json.print(report)
        } else {
            func fmt(_ v: [Double]) -> String { v.map { String(format: "%.4g", $0) }.joined(separator: "×") }
            print("wrote \(report.output): \(report.outputSize.map(String.init).joined(separator: "×")) \(report.datatype) at \(fmt(report.outputSpacing)) mm "
                + "(from \(report.inputSize.map(String.init).joined(separator: "×")) at \(fmt(report.inputSpacing)) mm, \(report.interpolation), "
                + String(format: "%.2f s)", report.seconds))
            for w in report.warnings { print("warning: \(w)") }
        }
    }
}
