import ArgumentParser

/// `--series UID|PATTERN`: which series of a DICOM folder holding several a command reads.
struct SeriesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The series to use when the folder holds several: a SeriesInstanceUID or a SeriesDescription pattern (* and ?).", valueName: "UID|PATTERN"))
    var series: String?
}
