import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin rtstruct RTSTRUCT.dcm --image SERIES_DIR [--roi NAME] -o MASK.nii.gz`: contours to a
/// mask on the image series' grid.
struct RTStructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtstruct",
        abstract: "Rasterise RTSTRUCT contours onto an image series and write a NIfTI mask.",
        discussion: """
            Without --roi every ROI is written as a label map (value = the ROI's position in the structure set, \
            listed in the output); with --roi the one ROI is written as a 0/1 mask. Contours on planes outside the \
            series (slices not in the folder) are skipped with a note; slices without contours stay empty.
            """
    )

    @Argument(help: ArgumentHelp("The RTSTRUCT file.", valueName: "RTSTRUCT.dcm"))
    var rtstruct: String

    @Option(name: .long, help: ArgumentHelp("Folder holding the image series (MR, or the CT of the plan).", valueName: "SERIES_DIR"))
    var image: String

    @Option(name: .long, help: ArgumentHelp("ROI name (or number) to write as a 0/1 mask.", valueName: "NAME"))
    var roi: String?

    @OptionGroup var series: SeriesOption

    @Option(name: .shortAndLong, help: ArgumentHelp("The NIfTI mask to write (.nii or .nii.gz).", valueName: "MASK.nii.gz"))
    var output: String

    @Flag(name: .long, help: "Rasterise even when the frames of reference differ (the contours may not fit the image).")
    var ignoreFrameOfReference = false

    @OptionGroup var json: JSONOption

    func run() throws {
        let report = try RTStructConversion.convert(rtstruct: rtstruct, imageFolder: image, roi: roi, series: series.series.map(SeriesChoice.init),
                                                    output: output, allowFrameOfReferenceMismatch: ignoreFrameOfReference)
        if json.json { return try json.print(report) }
        print("wrote \(report.output): \(report.size.map(String.init).joined(separator: "×")) on series \(report.imageSeriesInstanceUID)")
        for r in report.rois {
            print("  label \(r.label): ROI \(r.number) \"\(r.name)\": \(r.contours) contour(s) on \(r.contouredSlices.count) slice(s), \(r.voxels) voxels, \(String(format: "%.2f", r.volumeML)) ml")
        }
        for n in report.notes { print("note: \(n)") }
    }
}
