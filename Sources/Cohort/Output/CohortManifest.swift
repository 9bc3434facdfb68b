import Foundation
import MedicalIO
import Vocabulary

/// One row of manifest.csv: one study and modality.
struct CohortManifestRow: Sendable {
    /// The fixed first columns every MetOrigin manifest starts with (users' manifests too,
    /// without truth_path), then this generator's extras.
    public static let columns = [
        "patient_id", "study_id", "modality", "path", "label", "contoured", "rtstruct_path", "scanner", "truth_path",
        "session", "both_modalities", "field_strength", "spacing_x", "spacing_y", "spacing_z", "size_x", "size_y",
        "size_z",
    ]
    public var patientID: String
    public var studyID: String
    public var modality: Modality
    public var path: String
    /// The class, or `none` for a lesion-free control (`PlannedStudy.manifestLabel`).
    public var label: String
    public var contoured: Bool
    public var rtstructPath: String
    public var scanner: String
    public var truthPath: String
    public var session: Int
    public var bothModalities: Bool
    public var fieldStrength: Double
    public var spacing: Spacing
    public var size: GridSize

    init(study: PlannedStudy, path: String, rtstructPath: String, truthPath: String, spacing: Spacing, size: GridSize) {
        patientID = study.patientID
        studyID = study.studyID
        modality = study.modality
        self.path = path
        label = study.manifestLabel
        contoured = study.contoured
        self.rtstructPath = rtstructPath
        scanner = study.scanner.rawValue
        self.truthPath = truthPath
        session = study.session
        bothModalities = study.bothModalities
        fieldStrength = study.scanner.fieldStrength
        self.spacing = spacing
        self.size = size
    }

    /// The row as every manifest reader sees it: this generator's columns beyond the fixed ones
    /// go to `extra`.
    var manifestRow: ManifestRow {
        let extra = [
            "session": String(session), "both_modalities": bothModalities ? "1" : "0",
            "field_strength": String(fieldStrength), "spacing_x": fmt(spacing.x), "spacing_y": fmt(spacing.y),
            "spacing_z": fmt(spacing.z), "size_x": String(size.x), "size_y": String(size.y), "size_z": String(size.z),
        ]
        return ManifestRow(patientID: patientID, studyID: studyID, modality: modality.rawValue, path: path, label: label,
                           contoured: contoured, rtstructPath: rtstructPath.isEmpty ? nil : rtstructPath, scanner: scanner,
                           truthPath: truthPath.isEmpty ? nil : truthPath, extra: extra)
    }

    /// Values in `columns` order, as text.
    var values: [String] { manifestRow.fields(columns: Self.columns) }
}

func fmt(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

/// Writes manifest.csv, manifest.json, latent.csv (one row per session: the oracle's input)
/// and lesions.csv (one row per lesion).
enum CohortManifest {
    static func write(rows: [CohortManifestRow], lesions: [(PlannedStudy, [Lesion])], root: String, options: CohortOptions,
                      atlas: TissueAtlas) throws(CohortError) {
        // Latent and lesion tables first: the manifest is the commit point of the cohort.
        var latent = (["patient_id", "study_id", "label", "contoured"] + LatentFeatures.names).joined(separator: ",") + "\n"
        var lesionTable = "study_id,lesion,centre_x,centre_y,centre_z,diameter_mm,morphology,core_fraction,enhancement,"
            + "heterogeneity,haemorrhage,oedema_ratio,irregularity,region,cortical_fraction\n"
        var seen = Set<String>()
        for (study, ls) in lesions where !seen.contains(study.studyID) {
            seen.insert(study.studyID)
            let f = LatentFeatures(lesions: ls)
            latent += ([study.patientID, study.studyID, study.manifestLabel, study.contoured ? "1" : "0"]
                + f.values.map { fmt($0, 5) }).joined(separator: ",") + "\n"
            for (n, l) in ls.enumerated() {
                lesionTable += [study.studyID, String(n + 1), fmt(l.centre.x, 2), fmt(l.centre.y, 2), fmt(l.centre.z, 2),
                                fmt(l.diameter, 2), l.morphology.rawValue, fmt(l.coreFraction, 3), fmt(l.enhancement, 3),
                                fmt(l.heterogeneity, 3), fmt(l.haemorrhage, 3), fmt(l.oedemaRatio, 3),
                                fmt(l.irregularity, 3), l.region.rawValue, fmt(l.corticalFraction, 3)]
                    .joined(separator: ",") + "\n"
            }
        }
        let csv = Manifest.csv(rows: rows.map(\.manifestRow), columns: CohortManifestRow.columns)
        var jsonRows: [[String: Any]] = []
        for r in rows {
            var object: [String: Any] = [:]
            for (c, v) in zip(CohortManifestRow.columns, r.values) { object[c] = v }
            jsonRows.append(object)
        }
        let meta: [String: Any] = [
            "generator": "metorigin cohort generate",
            "seed": String(options.seed),
            "patients": options.patients,
            "studies": rows.count,
            "format": options.format.rawValue,
            "resolution": options.resolution.description,
            "modality_mix": options.mix.rawValue,
            "lesion_free": options.lesionFree,
            "flair_contour": options.flairContour.rawValue,
            "contour_labels": ["t1ce": [1, 2], "flair": options.flairContour.labels(on: .flair).sorted().map(Int.init)],
            "anatomy": atlas.provenance,
            "labels": ["0": "background", "1": "enhancing tumour", "2": "necrotic or cystic core", "3": "peritumoural oedema"],
            "columns": CohortManifestRow.columns,
            "rows": jsonRows,
        ]
        let json: Data
        do { json = try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys]) } catch {
            throw .output(path: root + "/manifest.json", reason: error.localizedDescription)
        }
        for (name, data) in [("latent.csv", Data(latent.utf8)), ("lesions.csv", Data(lesionTable.utf8)),
                             ("manifest.json", json), ("manifest.csv", Data(csv.utf8))] {
            do { try AtomicFile.write(data, to: root + "/" + name) } catch {
                throw .output(path: root + "/" + name, reason: error.reason)
            }
        }
    }
}
