import ArgumentParser
import MedicalIO

/// `--t1ce-series` / `--flair-series`: which series of a DICOM study folder to read, by
/// SeriesInstanceUID or SeriesDescription pattern, when `MRSeriesClassifier`'s pick is wrong or
/// the folder holds several candidates.
struct SeriesSelectionOptions: ParsableArguments {
    @Option(name: .customLong("t1ce-series"),
            help: ArgumentHelp("The T1 CE series of a DICOM folder: a SeriesInstanceUID or a SeriesDescription pattern (* and ?).",
                               valueName: "UID|PATTERN"))
    var t1ce: String?

    @Option(name: .customLong("flair-series"),
            help: ArgumentHelp("The FLAIR series of a DICOM folder: a SeriesInstanceUID or a SeriesDescription pattern (* and ?).",
                               valueName: "UID|PATTERN"))
    var flair: String?

    var selection: SeriesSelection {
        SeriesSelection(t1ce: t1ce.map(SeriesChoice.init), flair: flair.map(SeriesChoice.init))
    }
}
