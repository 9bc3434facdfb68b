/// One row of a cohort manifest: one image (modality) of one study. The first nine columns are
/// fixed (the cohort generator writes them; users write the same for their own data, without
/// `truth_path`); an optional `synthetic` column (0/1, written by `metorigin transfer fill`) marks
/// images synthesised by modality transfer; any further columns are kept in `extra`.
public struct ManifestRow: Sendable, Hashable {
    public var patientID: String
    public var studyID: String
    /// "t1ce" or "flair".
    public var modality: String
    /// Absolute path of the series folder or NIfTI file (resolved against the manifest's folder).
    public var path: String
    /// "lung", "breast", "melanoma", "renal" or "other"; "none" for a lesion-free control study
    /// (segmentation evaluation only: the classifier refuses it).
    public var label: String
    public var contoured: Bool
    public var rtstructPath: String?
    public var scanner: String
    public var truthPath: String?
    /// The image was synthesised from the study's other modality (`synthetic` = 1), not acquired.
    public var synthetic: Bool
    /// Every other column, by name.
    public var extra: [String: String]
    /// The manifest line the row was read from (`nil` for a row built in code).
    public var line: Int?

    /// A control study without metastases (`label` = "none").
    public var isLesionFree: Bool { label == Manifest.lesionFreeLabel }

    public init(patientID: String, studyID: String, modality: String, path: String, label: String, contoured: Bool,
                rtstructPath: String?, scanner: String, truthPath: String?, synthetic: Bool = false,
                extra: [String: String], line: Int? = nil) {
        self.patientID = patientID
        self.studyID = studyID
        self.modality = modality
        self.path = path
        self.label = label
        self.contoured = contoured
        self.rtstructPath = rtstructPath
        self.scanner = scanner
        self.truthPath = truthPath
        self.synthetic = synthetic
        self.extra = extra
        self.line = line
    }

    /// The row's fields in `columns` order, as the manifest writes them: the known columns from
    /// their properties, the others from `extra` (empty when absent).
    public func fields(columns: [String]) -> [String] {
        columns.map { name in
            switch name {
            case "patient_id": patientID
            case "study_id": studyID
            case "modality": modality
            case "path": path
            case "label": label
            case "contoured": contoured ? "1" : "0"
            case "rtstruct_path": rtstructPath ?? ""
            case "scanner": scanner
            case "truth_path": truthPath ?? ""
            case Manifest.syntheticColumn: synthetic ? "1" : "0"
            default: extra[name] ?? ""
            }
        }
    }
}
