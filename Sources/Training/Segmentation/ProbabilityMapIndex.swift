import Foundation
import MedicalIO
import Vocabulary

/// One study's tumour probability map in a maps folder.
public struct ProbabilityMapEntry: Sendable, Hashable {
    public var patientID: String
    public var studyID: String
    public var modality: String
    /// Absolute path of the probability map (NIfTI, float, on the study image's grid).
    public var probabilityPath: String
    /// The image it was computed from.
    public var imagePath: String
    /// Fingerprint of the model directory that produced it.
    public var model: String
    /// Fingerprint of the image's contents when it was computed.
    public var inputDigest: String
    /// Volume of the thresholded tumour mask, in millilitres.
    public var tumourML: Double
    public var maxProbability: Double

    public init(patientID: String, studyID: String, modality: String, probabilityPath: String, imagePath: String, model: String,
                inputDigest: String, tumourML: Double, maxProbability: Double) {
        self.patientID = patientID
        self.studyID = studyID
        self.modality = modality
        self.probabilityPath = probabilityPath
        self.imagePath = imagePath
        self.model = model
        self.inputDigest = inputDigest
        self.tumourML = tumourML
        self.maxProbability = maxProbability
    }
}

/// `index.csv` of a probability-maps folder (`metorigin segment maps`): one row per study and
/// modality, paths relative to the folder — what the classifier reads to find each study's map.
public struct ProbabilityMapIndex: Sendable {
    public static let fileName = "index.csv"
    public static let columns = ["patient_id", "study_id", "modality", "probability_path", "image_path", "model", "input_digest",
                                 "tumour_ml", "max_probability"]
    public var entries: [ProbabilityMapEntry]

    public init(entries: [ProbabilityMapEntry] = []) { self.entries = entries }

    /// The map of a study's modality, if the index has one.
    public func entry(studyID: String, modality: String) -> ProbabilityMapEntry? {
        entries.first { $0.studyID == studyID && $0.modality == modality }
    }

    /// Reads an index; relative paths are resolved against its folder.
    public static func read(path: String) throws(ManifestError) -> ProbabilityMapIndex {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(path: path, line: nil, reason: "cannot read the file as UTF-8 text")
        }
        let table: CSVTable
        do { table = try CSVTable.parse(text, path: path) } catch { throw ManifestError(error) }
        guard table.header == columns else {
            throw ManifestError(path: path, line: 1, reason: "expected the columns \(columns.joined(separator: ","))")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }
        var entries: [ProbabilityMapEntry] = []
        for record in table.records {
            let r = record.fields
            guard r.count == columns.count, let ml = Double(r[7]), let maxP = Double(r[8]) else {
                throw ManifestError(path: path, line: record.line, reason: "malformed row")
            }
            entries.append(ProbabilityMapEntry(patientID: r[0], studyID: r[1], modality: r[2], probabilityPath: resolve(r[3]),
                                               imagePath: r[4], model: r[5], inputDigest: r[6], tumourML: ml, maxProbability: maxP))
        }
        return ProbabilityMapIndex(entries: entries)
    }

    /// Writes the index atomically, map paths relative to its folder where they lie under it.
    /// A relative map path is taken as relative to the working directory (as every path the
    /// user gives) and made absolute first, since `read` resolves relative paths against the
    /// index's folder.
    public func write(to path: String) throws(AtomicFile.WriteError) {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path + "/"
        var text = CSVTable.line(ProbabilityMapIndex.columns) + "\n"
        for e in entries {
            let absolute = URL(fileURLWithPath: e.probabilityPath).standardizedFileURL.path
            let map = absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
            let fields = [e.patientID, e.studyID, e.modality, map, e.imagePath, e.model, e.inputDigest,
                          String(format: "%.4f", e.tumourML), String(format: "%.4f", e.maxProbability)]
            text += CSVTable.line(fields) + "\n"
        }
        try AtomicFile.write(text, to: path)
    }
}
