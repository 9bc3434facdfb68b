import Foundation
import MedicalIO
import Models
import Training
import Vocabulary

/// What `transfer fill` did.
public struct TransferFillResult: Sendable, Encodable {
    public var synthesised: Int
    public var cached: Int
    public var manifestPath: String
    public var seconds: Double
}

/// `metorigin transfer fill`: the missing modality of every single-modality study, synthesised
/// on the present image's grid and cached under `<out>/synthetic/<patient>/<study>/<modality>.nii.gz`
/// (reused while the model, its settings and the source image are unchanged), and
/// `<out>/manifest.csv`: every original row plus, after each single-modality study's row, a
/// row for the synthetic image with `synthetic` = 1 (an extra column, 0 on real rows). A
/// synthetic row keeps the study's label, scanner and session fields; it is not contoured
/// (no RTSTRUCT), and its `truth_path` is the source image's, whose grid it shares.
public enum TransferFill {
    public static func run(manifestPath: String, modelFolder: String, outputFolder: String,
                           log: (String) -> Void = { _ in }) throws(TransferJobError) -> TransferFillResult {
        let started = Date()
        let bundle: TransferModelBundle
        do { bundle = try TransferModelBundle(folder: modelFolder) } catch { throw .data(error) }
        let manifest: Manifest
        do { manifest = try Manifest.read(path: manifestPath) } catch { throw .manifest(error) }
        // A manifest filled before keeps its synthetic rows (and they count as present).
        let columns = manifest.columns.filter { $0 != Manifest.syntheticColumn } + [Manifest.syntheticColumn]
        var rows: [ManifestRow] = []
        var synthesised = 0, cached = 0
        let studies = manifest.studies
        for (n, study) in studies.enumerated() {
            rows += study.rows
            guard study.rows.count == 1, let source = study.rows.first,
                  let present = Modality(rawValue: source.modality) else { continue }
            let target = present.other
            let folder = "\(outputFolder)/synthetic/\(safe(study.patientID))/\(safe(study.studyID))"
            let path = "\(folder)/\(target.rawValue).nii.gz"
            let keyPath = "\(folder)/\(target.rawValue).key"
            let key = ModalityTransfer.cacheKey(sourcePath: source.path, target: target, bundle: bundle)
            if let key, FileManager.default.fileExists(atPath: path),
               (try? String(contentsOfFile: keyPath, encoding: .utf8)) == key {
                cached += 1
            } else {
                let image: ImageVolume
                do { image = try ImageLoader.load(source) } catch {
                    throw .data(TransferDataError(path: source.path, reason: error.reason))
                }
                let synthetic: ImageVolume
                do { synthetic = try ModalityTransfer.synthesise(image, to: target, bundle: bundle, path: source.path) } catch { throw .data(error) }
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try NIfTI.write(synthetic, to: path)
                    if let key { try AtomicFile.write(key, to: keyPath) }
                } catch { throw .data(TransferDataError(path: path, reason: "cannot write: \(error)")) }
                synthesised += 1
                log("  [\(n + 1)/\(studies.count)] \(study.studyID): synthetic \(target.rawValue)")
            }
            var row = source
            row.modality = target.rawValue
            row.path = path
            row.contoured = false
            row.rtstructPath = nil
            row.synthetic = true
            rows.append(row)
        }
        let out = "\(outputFolder)/manifest.csv"
        // The folder exists already only when an image was synthesised; a manifest with nothing
        // missing (one filled before, or with both modalities everywhere) still gets its copy.
        do {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
            try AtomicFile.write(Manifest.csv(rows: rows, columns: columns), to: out)
        } catch {
            throw .data(TransferDataError(path: out, reason: "cannot write: \(error)"))
        }
        return TransferFillResult(synthesised: synthesised, cached: cached, manifestPath: out, seconds: Date().timeIntervalSince(started))
    }

    static func safe(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
