import Cohort
import Crypto
import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Training

/// Refactoring guard: a small cohort generated on a fixed seed (NIfTI and DICOM) and a tiny
/// cross-validation on it must produce exactly the bytes recorded here. The hashes were taken
/// from the code before the modules were reorganised; a change that alters generated images,
/// manifests or predictions must say so and update them deliberately.
@Suite struct BehaviourGoldenTests {
    /// SHA-256 of every file below `folder`, keyed by its path relative to `folder`.
    static func hashes(below folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            result[relative] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        return result
    }

    /// One SHA-256 over the sorted (path, hash) list: a compact fingerprint of a whole folder.
    static func fingerprint(_ hashes: [String: String]) -> String {
        let text = hashes.keys.sorted().map { "\($0) \(hashes[$0]!)\n" }.joined()
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func makeCohort(at folder: String, format: CohortOptions.Format) throws {
        var cohort = CohortOptions(patients: 12, seed: 21, output: folder)
        cohort.resolution = .custom(Spacing(6, 6, 6))
        cohort.mix = .balanced
        cohort.format = format
        _ = try CohortGenerator.generate(cohort, atlas: TissueAtlas.phantom(spacing: 6))
    }

    @Test func cohortAndCrossValidationOutputsAreUnchanged() throws {
        let root = NSTemporaryDirectory() + "metorigin-golden-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }

        try Self.makeCohort(at: root + "/nifti", format: .nifti)
        try Self.makeCohort(at: root + "/dicom", format: .dicom)
        let nifti = try Self.hashes(below: root + "/nifti")
        let dicom = try Self.hashes(below: root + "/dicom")

        var options = CrossValidationEndToEndTests.tinyOptions()
        options.ablations = false
        _ = try CrossValidation.run(manifestPath: root + "/nifti/manifest.csv", outputFolder: root + "/cv",
                                    options: options, log: { _ in })
        let predictions = try Self.hashes(below: root + "/cv")["predictions.csv"]

        let observed = [
            "nifti manifest": nifti["manifest.csv"] ?? "-",
            "nifti folder": Self.fingerprint(nifti),
            "dicom manifest": dicom["manifest.csv"] ?? "-",
            "dicom folder": Self.fingerprint(dicom),
            "predictions.csv": predictions ?? "-",
        ]
        let expected = [
            "nifti manifest": "5f48f2be00202bcf19e8a3900f5cfdc49b6d135f9cd4bb8fb1decd4b58fd09aa",
            "nifti folder": "3301215e65c0c925ae21b8727f4dc36bd3c07f97dc4a467ce48bac86d85c00cb",
            "dicom manifest": "ab7a916c177386f3bb0acafe1274c362a9fa12659e484a7e7564d8f8ff341374",
            "dicom folder": "ef66419be4d910552e56ec5df15a6ed6aaeed4c920413f87dce8d08444dc8d23",
            "predictions.csv": "2efc4521bae1dca01eb3736820485bded7b59b1ca72337d351f704ebc3823e45",
        ]
        for key in observed.keys.sorted() {
            #expect(observed[key] == expected[key], "\(key): \(observed[key]!)")
        }
        if observed != expected {
            for (k, v) in nifti.sorted(by: { $0.key < $1.key }) { print("nifti \(k) \(v)") }
            for (k, v) in dicom.sorted(by: { $0.key < $1.key }) where k.hasSuffix(".csv") { print("dicom \(k) \(v)") }
        }
    }
}
