import Foundation
import MedicalIO
import Radiomics
import Vocabulary

/// The CSV tables of a cohort's radiomics: one row per lesion (`lesions.csv`) and one per study
/// (`studies.csv`, the classifier's `StudyFeatureRow`). Empty cells are undefined values.
public enum StudyFeatureTable {
    /// One row per study: identifiers and label, then `columns`.
    public static func csv(studies: [Study], rows: [[Double]], columns: [String]) -> String {
        var text = CSVTable.line(["study_id", "patient_id", "label"] + columns) + "\n"
        for (study, row) in zip(studies, rows) {
            text += CSVTable.line([study.studyID, study.patientID, study.label] + row.map(cell)) + "\n"
        }
        return text
    }

    /// One row per lesion of every image: identifiers, size, centroid (LPS, mm) and the 107
    /// pyradiomics features under their names (empty for a lesion pyradiomics refuses).
    public static func lesionCSV(_ images: [ImageLesions], featureNames: [String] = RadiomicsExtractor.featureNames) -> String {
        var text = CSVTable.line(["study_id", "patient_id", "modality", "lesion", "voxels", "volume_mm3",
                                  "centroid_x", "centroid_y", "centroid_z"] + featureNames) + "\n"
        for image in images {
            for l in image.lesions {
                let values = l.features ?? [Double](repeating: .nan, count: featureNames.count)
                text += CSVTable.line([image.studyID, image.patientID, image.modality, String(l.lesionID), String(l.voxels),
                                       cell(l.volumeMM3)] + l.centroid.map(cell) + values.map(cell)) + "\n"
            }
        }
        return text
    }

    static func cell(_ v: Double) -> String { v.isFinite ? String(v) : "" }
}

/// What `metorigin radiomics --manifest` wrote.
public struct RadiomicsCohortResult: Sendable, Encodable {
    public var lesionTable: String
    public var studyTable: String
    public var studies: Int
    public var images: Int
    public var lesions: Int
    public var seconds: Double
}

/// `metorigin radiomics --manifest M (--masks truth | --probability-maps DIR) --out DIR`: the
/// lesion and study tables of a whole cohort, extracted concurrently and cached per image under
/// `DIR/cache` (a rerun resumes).
public enum RadiomicsCohort {
    public static func run(manifestPath: String, outputFolder out: String, options: LesionExtractionOptions,
                           log: @escaping @Sendable (String) -> Void) throws -> RadiomicsCohortResult {
        let started = Date()
        let studies = try Manifest.read(path: manifestPath).studies
        var options = options
        if options.cacheFolder == nil { options.cacheFolder = "\(out)/cache" }
        let lesions = try LesionExtraction.run(studies: studies, options: options, log: log)
        let images = lesions.flatMap { m in StudyFeatureRow.modalities.compactMap { m[$0] } }
        let lesionPath = "\(out)/lesions.csv", studyPath = "\(out)/studies.csv"
        try AtomicFile.write(StudyFeatureTable.lesionCSV(images), to: lesionPath)
        try AtomicFile.write(StudyFeatureTable.csv(studies: studies, rows: lesions.map { StudyFeatureRow.row($0) },
                                                   columns: StudyFeatureRow.columns()), to: studyPath)
        return RadiomicsCohortResult(lesionTable: lesionPath, studyTable: studyPath, studies: studies.count,
                                     images: images.count, lesions: images.reduce(0) { $0 + $1.lesions.count },
                                     seconds: Date().timeIntervalSince(started))
    }
}
