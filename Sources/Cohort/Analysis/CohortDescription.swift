import Foundation
import Vocabulary

/// What `metorigin cohort describe DIR` reports: counts per class × modality × batch, lesion
/// statistics per class, and the oracle ceiling computed from latent.csv.
public struct CohortDescription: Sendable {
    /// (label, modality, contoured) → number of manifest rows.
    public var counts: [String: Int] = [:]
    public var patients = 0
    public var studies = 0
    public var rows = 0
    public var bothModalityPatients = 0
    public var followUpPatients = 0
    /// Per class: sessions, mean and SD of the lesion count, share with 1–3 lesions, median
    /// diameter, and shares of ring, cystic and haemorrhagic lesions and of infratentorial ones.
    public var lesionStats: [String: [String: Double]] = [:]
    public var oracle: Oracle.Result?
    /// The oracle on what each session's acquired modalities render (`CohortCeiling.acquired`).
    public var acquiredOracle: Oracle.Result?
    /// Fewest patients for which `describe` reports the oracle.
    public static let oracleMinimumPatients = 50

    /// Reads manifest.csv, latent.csv and lesions.csv from `directory`.
    public init(directory: String, oracleFolds: Int = 5) throws(CohortError) {
        let manifest = try Self.table(directory + "/manifest.csv")
        let latent = try Self.table(directory + "/latent.csv")
        let lesions = try Self.table(directory + "/lesions.csv")
        var patientsSeen = Set<String>(), studiesSeen = Set<String>()
        var modalitiesBySession: [String: Set<String>] = [:]
        for r in manifest {
            let key = "\(r["label"] ?? "?")|\(r["modality"] ?? "?")|\(r["contoured"] == "1" ? "contoured" : "plain")"
            counts[key, default: 0] += 1
            patientsSeen.insert(r["patient_id"] ?? "")
            studiesSeen.insert(r["study_id"] ?? "")
            modalitiesBySession[r["study_id"] ?? "", default: []].insert(r["modality"] ?? "")
        }
        rows = manifest.count
        patients = patientsSeen.count
        studies = studiesSeen.count
        var bothPatients = Set<String>(), followPatients = Set<String>()
        for r in manifest {
            if modalitiesBySession[r["study_id"] ?? ""]?.count == 2 { bothPatients.insert(r["patient_id"] ?? "") }
            if r["session"] == "2" { followPatients.insert(r["patient_id"] ?? "") }
        }
        bothModalityPatients = bothPatients.count
        followUpPatients = followPatients.count
        // Lesion statistics per class.
        var labelOfStudy: [String: String] = [:]
        for r in latent { labelOfStudy[r["study_id"] ?? ""] = r["label"] }
        var perStudy: [String: [[String: String]]] = [:]
        for r in lesions { perStudy[r["study_id"] ?? "", default: []].append(r) }
        for label in PrimarySite.allCases.map(\.rawValue) + ["all"] {
            let sessions = labelOfStudy.keys.filter { label == "all" || labelOfStudy[$0] == label }.sorted()
            guard !sessions.isEmpty else { continue }
            let countsPer = sessions.map { Double(perStudy[$0]?.count ?? 0) }
            let ls = sessions.flatMap { perStudy[$0] ?? [] }
            let mean = countsPer.reduce(0, +) / Double(countsPer.count)
            let sd = (countsPer.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(countsPer.count)).squareRoot()
            let diameters = ls.compactMap { Double($0["diameter_mm"] ?? "") }.sorted()
            func share(_ test: ([String: String]) -> Bool) -> Double {
                ls.isEmpty ? 0 : Double(ls.filter(test).count) / Double(ls.count)
            }
            lesionStats[label] = [
                "sessions": Double(sessions.count), "count_mean": mean, "count_sd": sd,
                "share_1_to_3": Double(countsPer.filter { $0 >= 1 && $0 <= 3 }.count) / Double(countsPer.count),
                "diameter_median_mm": diameters.isEmpty ? 0 : diameters[diameters.count / 2],
                "ring": share { $0["morphology"] == "ring" }, "cystic": share { $0["morphology"] == "cystic" },
                "haemorrhagic": share { (Double($0["haemorrhage"] ?? "") ?? 0) > 0 },
                "infratentorial": share { $0["region"] == "infratentorial" },
            ]
        }
        // Oracle on latent features (needs every class present twice at least to mean anything).
        let names = LatentFeatures.names
        let acquiredBySession = CohortCeiling.acquiredModalities(manifest)
        var x: [[Double]] = [], y: [Int] = [], g: [String] = [], acquired: [Set<Modality>] = []
        for r in latent {
            guard let label = PrimarySite(rawValue: r["label"] ?? "") else { continue }
            let v = names.compactMap { Double(r[$0] ?? "") }
            guard v.count == names.count else { continue }
            x.append(v); y.append(label.index); g.append(r["patient_id"] ?? "")
            acquired.append(acquiredBySession[r["study_id"] ?? ""] ?? [])
        }
        if CohortCeiling.enoughSessions(labels: y, groups: g) {
            let ceiling = CohortCeiling(features: x, labels: y, groups: g, acquired: acquired, folds: oracleFolds,
                                        singleFeatures: true)
            oracle = ceiling.latent
            acquiredOracle = ceiling.acquired
        }
    }

    /// Rows of a header-first CSV, each as a dictionary from column name to field.
    static func table(_ path: String) throws(CohortError) -> [[String: String]] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .input(path: path, reason: "missing (is this a folder written by `metorigin cohort generate`?)")
        }
        let table: CSVTable
        do { table = try CSVTable.read(path: path) } catch {
            if case .emptyTable = error { throw .input(path: path, reason: "empty file") }
            throw .input(path: path, reason: error.description)
        }
        return table.records.map { record in
            var row: [String: String] = [:]
            for (h, c) in zip(table.header, record.fields) { row[h] = c }
            return row
        }
    }

    /// Human-readable report.
    public var text: String {
        var s = "\(patients) patients, \(studies) sessions, \(rows) images; \(bothModalityPatients) patients with both "
            + "modalities, \(followUpPatients) with a follow-up session\n\n"
        s += "class       t1ce/contoured  flair/contoured  t1ce/plain  flair/plain  total\n"
        let lesionFree = PrimarySite.lesionFreeLabel
        let hasControls = counts.keys.contains { $0.hasPrefix(lesionFree + "|") }
        for label in PrimarySite.allCases.map(\.rawValue) + (hasControls ? [lesionFree] : []) {
            let c = [("t1ce", "contoured"), ("flair", "contoured"), ("t1ce", "plain"), ("flair", "plain")]
                .map { counts["\(label)|\($0.0)|\($0.1)"] ?? 0 }
            // A control cohort has no class: its empty class rows would only be noise.
            if hasControls && label != lesionFree && c.allSatisfy({ $0 == 0 }) { continue }
            s += label.padding(toLength: 12, withPad: " ", startingAt: 0)
            s += c.map { String($0).leftPadded(to: 14) + "  " }.joined() + String(c.reduce(0, +)) + "\n"
        }
        s += "\nlesions     sessions  count mean±SD  1–3 lesions  median Ø mm  ring  cystic  haemorrh.  infratent.\n"
        for label in PrimarySite.allCases.map(\.rawValue) + ["all"] {
            guard let st = lesionStats[label] else { continue }
            s += label.padding(toLength: 12, withPad: " ", startingAt: 0)
            s += String(Int(st["sessions"] ?? 0)).leftPadded(to: 8)
            s += (fmt(st["count_mean"] ?? 0, 1) + "±" + fmt(st["count_sd"] ?? 0, 1)).leftPadded(to: 15)
            s += fmt(100 * (st["share_1_to_3"] ?? 0), 0).leftPadded(to: 12) + "%"
            s += fmt(st["diameter_median_mm"] ?? 0, 1).leftPadded(to: 13)
            for k in ["ring", "cystic", "haemorrhagic", "infratentorial"] {
                s += (fmt(100 * (st[k] ?? 0), 0) + "%").leftPadded(to: k == "ring" ? 6 : 9)
            }
            s += "\n"
        }
        if let o = oracle {
            s += "\noracle ceiling (latent features, softmax regression, \(o.folds)-fold patient-grouped CV, "
                + "\(o.samples) sessions): macro AUC \(fmt(o.macroAUC, 3))\n"
            s += "  per class: " + zip(PrimarySite.allCases, o.perClassAUC).map { "\($0.rawValue) \(fmt($1, 3))" }
                .joined(separator: ", ") + "\n"
            s += "  best single feature: " + fmt(o.singleFeatureAUC.max() ?? .nan, 3) + "\n"
            if let a = acquiredOracle {
                s += "  from what each session's acquired modalities show (FLAIR shows no enhancement or "
                    + "texture amplitude): macro AUC \(fmt(a.macroAUC, 3))\n"
            }
        } else {
            s += "\noracle ceiling: not estimated (needs ≥ \(Self.oracleMinimumPatients) patients and ≥ 5 sessions per "
                + "class); `metorigin cohort oracle --patients 3000` gives it from a large latent-only sample\n"
        }
        return s
    }

    /// JSON-ready dictionary.
    public var json: [String: Any] {
        var d: [String: Any] = ["patients": patients, "studies": studies, "images": rows,
                                "both_modality_patients": bothModalityPatients,
                                "follow_up_patients": followUpPatients, "counts": counts, "lesions": lesionStats]
        if let o = oracle {
            d["oracle"] = ["macro_auc": o.macroAUC, "per_class_auc": o.perClassAUC.map { $0.isNaN ? -1 : $0 },
                           "single_feature_auc": Dictionary(uniqueKeysWithValues: zip(LatentFeatures.names, o.singleFeatureAUC)),
                           "samples": o.samples, "folds": o.folds]
        }
        if let a = acquiredOracle {
            d["acquired_modality_oracle"] = ["macro_auc": a.macroAUC, "per_class_auc": a.perClassAUC.map { $0.isNaN ? -1 : $0 },
                                             "samples": a.samples, "folds": a.folds]
        }
        return d
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
