import ArgumentParser

/// `--series UID`: which series of a DICOM folder holding several a command reads.
struct SeriesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SeriesInstanceUID of the series to use when the folder holds several.", valueName: "UID"))
    var series: String?
}
