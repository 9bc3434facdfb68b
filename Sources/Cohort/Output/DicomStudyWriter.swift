import Foundation
import MedicalIO

/// Writes a study as a DICOM series (+ RTSTRUCT when contoured) through MedicalIO's writers.
enum DicomStudyWriter {
    /// Returns the RTSTRUCT's relative path ("" when none).
    static func write(_ study: PlannedStudy, image: Volume<Int16>, truth: LabelVolume, seed: UInt64, root: String,
                      seriesFolder: String, rtstructPath: String?) throws(CohortError) -> String {
        throw .badArgument("--format dicom: the DICOM series writer is not available in MedicalIO yet; use --format nifti")
    }
}
