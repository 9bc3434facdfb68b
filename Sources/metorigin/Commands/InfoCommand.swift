import ArgumentParser
import Foundation
import MedicalIO

/// `metorigin info PATH`: what a DICOM file or folder holds — series, MR kind with the reason,
/// size, spacing, orientation, transfer syntax.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe the DICOM series in a file or folder (recursively).",
        discussion: "Files that are not DICOM are skipped and listed as notes. MR series are classified as t1ce, flair or other; --kind overrides the classifier for one series.")
    @Argument(help: ArgumentHelp("A DICOM file or a folder searched recursively.", valueName: "PATH"))
    var path: String

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Override the kind of a series (repeatable).", valueName: "SERIES_UID=t1ce|flair|other"))
    var kind: [String] = []

    @OptionGroup var memory: MemoryOptions
    @OptionGroup var json: JSONOption

    func run() throws {
        try memory.apply()
        var overrides: [String: MRSeriesKind] = [:]
        for spec in kind {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let k = MRSeriesKind(rawValue: parts[1]) else {
                throw ValidationError("--kind expects SERIES_UID=t1ce|flair|other, got '\(spec)'")
            }
            overrides[parts[0]] = k
        }
        let inventory = try DicomInventory.make(path: path, overrides: overrides)
        if json.json { try json.print(inventory) } else { print(inventory.text) }
    }
}
