extension Manifest {
    /// A synthetic image stands in for a modality the study did not acquire, and is synthesised
    /// from the one it did (`metorigin transfer fill`). Anything else — a synthetic image beside
    /// a real (or another synthetic) image of the same modality, or one without a real image of
    /// the other modality to come from — would let a study's inputs be ambiguous or made up, so
    /// it is an error naming the manifest, the line and the study.
    static func checkSyntheticRows(_ rows: [ManifestRow], lines: [Int], path: String) throws(ManifestError) {
        var byStudy: [String: [Int]] = [:]
        for (i, row) in rows.enumerated() { byStudy[row.studyID, default: []].append(i) }
        for (i, row) in rows.enumerated() where row.synthetic {
            let others = byStudy[row.studyID, default: []].filter { $0 != i }.map { rows[$0] }
            if let twin = others.first(where: { $0.modality == row.modality }) {
                throw ManifestError(path: path, line: lines[i],
                                    reason: "study \(row.studyID): synthetic \(row.modality) image beside a "
                                        + "\(twin.synthetic ? "second synthetic" : "real") \(row.modality) image",
                                    studyID: row.studyID)
            }
            guard others.contains(where: { !$0.synthetic && $0.modality != row.modality }) else {
                throw ManifestError(path: path, line: lines[i],
                                    reason: "study \(row.studyID): synthetic \(row.modality) image without a real "
                                        + "image of the other modality to be synthesised from",
                                    studyID: row.studyID)
            }
        }
    }
}
