extension Manifest {
    /// Every row of a study describes the same study: one patient and one label, and at most one
    /// row per modality. A study with two labels would be trained on one and scored on the other;
    /// a study under two patient IDs could land in two folds (leakage); a duplicated row would
    /// count an image twice. Each is an error naming the manifest, the study and both lines.
    static func checkStudyConsistency(_ rows: [ManifestRow], lines: [Int], path: String) throws(ManifestError) {
        var first: [String: Int] = [:]
        var firstOfModality: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            guard let j = first[row.studyID] else {
                first[row.studyID] = i
                firstOfModality[row.studyID + "\u{0}" + row.modality] = i
                continue
            }
            let earlier = rows[j]
            func refuse(_ what: String, line earlierLine: Int) -> ManifestError {
                ManifestError(path: path, line: lines[i],
                              reason: "study \(row.studyID) \(what) (lines \(earlierLine) and \(lines[i]))",
                              studyID: row.studyID)
            }
            guard earlier.patientID == row.patientID else {
                throw refuse("has two patient IDs, '\(earlier.patientID)' and '\(row.patientID)'", line: lines[j])
            }
            guard earlier.label == row.label else {
                throw refuse("has two labels, '\(earlier.label)' and '\(row.label)'", line: lines[j])
            }
            let key = row.studyID + "\u{0}" + row.modality
            if let k = firstOfModality[key] {
                throw refuse("has two \(row.modality) rows", line: lines[k])
            }
            firstOfModality[key] = i
        }
    }
}
