import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin info PATH`: what a DICOM file or folder holds — series, MR kind with the reason,
/// size, spacing, orientation, transfer syntax — and which series the readers would take.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe the DICOM series in a file or folder (recursively).",
        discussion: "Files that are not DICOM are skipped and listed as notes. MR series are classified as t1ce, flair or other, and the listing ends with the series every command would read as T1 CE and as FLAIR; --t1ce-series and --flair-series choose them as in every other command.")
    @Argument(help: ArgumentHelp("A DICOM file or a folder searched recursively.", valueName: "PATH"))
    var path: String

    @OptionGroup var series: SeriesSelectionOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var json: JSONOption

    func run() throws {
        try memory.apply()
        let inventory = try DicomInventory.make(path: path, selection: series.selection)
        if json.json { try json.print(inventory) } else { print(inventory.text) }
    }
}
