import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin convert PATH -o OUT.nii.gz`: a DICOM file, multi-frame file, series folder or NIfTI
/// file to NIfTI with the LPS geometry converted to the RAS affine and rescaled values.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert", abstract: "Convert a DICOM series (file or folder) or a NIfTI file to NIfTI.",
        discussion: "Values are RescaleSlope/Intercept-applied: float32 when any slope or intercept is not integral, else the smallest integer type holding them.")
    @Argument(help: ArgumentHelp("A DICOM file, a folder holding one series (or use --series), or a NIfTI file.", valueName: "PATH"))
    var path: String
    @Option(name: .shortAndLong, help: ArgumentHelp("The NIfTI file to write (.nii or .nii.gz).", valueName: "OUT.nii.gz"))
    var output: String
    @OptionGroup var series: SeriesOption

    @Option(help: ArgumentHelp("The volume of a 4-D NIfTI input to convert (0-based); required for 4-D input.", valueName: "N"))
    var volume: Int?

    @Flag(name: .long, help: "Interpolate a DICOM series with uneven slice spacing onto a regular grid (linear, along the slice normal) instead of refusing it.")
    var resampleIrregular = false

    @OptionGroup var memory: MemoryOptions
    @OptionGroup var json: JSONOption

    func run() throws {
        try memory.apply()
        let report = try DicomConversion.convert(input: path, output: output, series: series.series.map(SeriesChoice.init), volume: volume,
                                                 options: DicomVolumeOptions(resampleIrregular: resampleIrregular))
        if json.json { return try json.print(report) }
        print("wrote \(report.output): \(report.size.map(String.init).joined(separator: "×")) \(report.datatype), spacing \(report.spacing.map { String(format: "%.4g", $0) }.joined(separator: "×")) mm")
        for w in report.warnings { print("warning: \(w)") }
    }
}
