import Foundation
import Training
import Vocabulary

/// One line of `lesions.csv`: a lesion of a tested study with its attention weight, or, with
/// lesion number 0, a study where no lesion was found (classified from its descriptors alone).
struct LesionRow: Codable, Equatable {
    static let columns = ["study_id", "patient_id", "fold", "lesion", "modality", "centroid_x", "centroid_y", "centroid_z",
                          "volume_ml", "matched_volume_ml", "attention", "note"]
    var studyID: String
    var patientID: String
    var fold: Int
    /// 1-based, largest lesion first; 0 for "no lesion found".
    var lesion: Int
    var instance: LesionInstance?
    /// nil for a lesion beyond the crop limit (counted in the descriptors, not seen by the encoder).
    var attention: Double?

    /// The rows of one tested study.
    static func rows(_ s: LesionStudySample, fold: Int, _ p: LesionPrediction) -> [LesionRow] {
        guard !s.lesions.isEmpty else {
            return [LesionRow(studyID: s.studyID, patientID: s.patientID, fold: fold, lesion: 0, instance: nil, attention: nil)]
        }
        return s.lesions.enumerated().map { k, l in
            LesionRow(studyID: s.studyID, patientID: s.patientID, fold: fold, lesion: k + 1, instance: l,
                      attention: k < p.attention.count ? p.attention[k] : nil)
        }
    }

    var fields: [String] {
        func f(_ v: Double?, _ format: String) -> String { v.map { String(format: format, $0) } ?? "" }
        let note = instance == nil ? "no lesion found: descriptors only" : (attention == nil ? "beyond the crop limit: descriptors only" : "")
        return [studyID, patientID, "\(fold)", "\(lesion)", instance?.modality ?? "",
                f(instance?.centroid.x, "%.2f"), f(instance?.centroid.y, "%.2f"), f(instance?.centroid.z, "%.2f"),
                f(instance?.volumeML, "%.4f"), f(instance?.matchedVolumeML, "%.4f"), f(attention, "%.4f"), note]
    }

    static func csv(_ rows: [LesionRow]) -> String {
        ([columns] + rows.map(\.fields)).map(CSVTable.line).joined(separator: "\n") + "\n"
    }
}
