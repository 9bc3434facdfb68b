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

    /// The predictions must match `expected` in every column, the probabilities within 1e-4:
    /// libtorch picks its CPU kernels by instruction set (AVX-512, AVX2, baseline), and the same
    /// code on other hardware moves the trained probabilities by up to about 5e-6 (measured with
    /// `ATEN_CPU_CAPABILITY` set to each), so the training is compared by value, not by bytes.
    static func expectSamePredictions(_ observed: String, _ expected: String) {
        let got = observed.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let want = expected.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(got.count == want.count && got.first == want.first, "predictions.csv: rows or header differ:\n\(observed)")
        guard got.count == want.count, let header = want.first else { return }
        for (line, (g, w)) in zip(got, want).enumerated().dropFirst() {
            #expect(g.count == w.count, "predictions.csv line \(line + 1): \(g.count) fields, expected \(w.count)")
            for (column, (a, b)) in zip(header, zip(g, w)) {
                if column.hasPrefix("prob_"), column != "prob_map", let x = Double(a), let y = Double(b) {
                    #expect(abs(x - y) <= 1e-4, "predictions.csv line \(line + 1), \(column): \(x), expected \(y)")
                } else {
                    #expect(a == b, "predictions.csv line \(line + 1), \(column): \(a), expected \(b)")
                }
            }
        }
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
        let predictions = try String(contentsOfFile: root + "/cv/predictions.csv", encoding: .utf8)
        if let record = ProcessInfo.processInfo.environment["METORIGIN_GOLDEN_RECORD"] {
            try predictions.write(toFile: record, atomically: true, encoding: .utf8)
        }
        Self.expectSamePredictions(predictions, Self.expectedPredictions)

        let observed = [
            "nifti manifest": nifti["manifest.csv"] ?? "-",
            "nifti folder": Self.fingerprint(nifti),
            "dicom manifest": dicom["manifest.csv"] ?? "-",
            "dicom folder": Self.fingerprint(dicom),
        ]
        let expected = [
            "nifti manifest": "5f48f2be00202bcf19e8a3900f5cfdc49b6d135f9cd4bb8fb1decd4b58fd09aa",
            "nifti folder": "3301215e65c0c925ae21b8727f4dc36bd3c07f97dc4a467ce48bac86d85c00cb",
            "dicom manifest": "ab7a916c177386f3bb0acafe1274c362a9fa12659e484a7e7564d8f8ff341374",
            "dicom folder": "ef66419be4d910552e56ec5df15a6ed6aaeed4c920413f87dce8d08444dc8d23",
        ]
        for key in observed.keys.sorted() {
            #expect(observed[key] == expected[key], "\(key): \(observed[key]!)")
        }
        if observed != expected {
            for (k, v) in nifti.sorted(by: { $0.key < $1.key }) { print("nifti \(k) \(v)") }
            for (k, v) in dicom.sorted(by: { $0.key < $1.key }) where k.hasSuffix(".csv") { print("dicom \(k) \(v)") }
        }
    }

    /// `predictions.csv` of the tiny cross-validation (the reorganisation of the modules kept it
    /// byte-identical on the machine where both versions ran). `METORIGIN_GOLDEN_RECORD=FILE`
    /// writes the observed file to FILE, to update this deliberately.
    static let expectedPredictions = """
        study_id,patient_id,fold,label,prob_lung,prob_breast,prob_melanoma,prob_renal,prob_other,t1ce_state,flair_state,prob_map,scanner,slice_thickness
        P0005-S1,P0005,1,lung,0.2658819258213043,0.14781342446804047,0.17608830332756042,0.14412514865398407,0.26609116792678833,real,missing,0,siemens_skyra_3t,6.000000218736192
        P0007-S1,P0007,1,melanoma,0.30036312341690063,0.1213308572769165,0.15664730966091156,0.10180429369211197,0.31985437870025635,missing,real,0,ge_signa_excite_1.5t,6.000000042407385
        P0008-S1,P0008,1,lung,0.25605079531669617,0.15437008440494537,0.17764610052108765,0.15012915432453156,0.26180389523506165,real,missing,0,ge_signa_excite_1.5t,5.99999987932389
        P0009-S1,P0009,1,lung,0.2881312370300293,0.12344793975353241,0.16849927604198456,0.10210791975259781,0.3178136348724365,missing,real,0,ge_signa_excite_3t,6.000000193778928
        P0001-S1,P0001,2,breast,0.21061089634895325,0.14206379652023315,0.20628772675991058,0.22645072638988495,0.21458692848682404,real,missing,0,siemens_skyra_3t,5.9999999244379625
        P0004-S1,P0004,2,renal,0.1991344541311264,0.14145727455615997,0.2128046303987503,0.2185741811990738,0.22802947461605072,real,missing,0,siemens_skyra_3t,6.000000123846264
        P0010-S1,P0010,2,lung,0.35259586572647095,0.11058756709098816,0.15645575523376465,0.22659365832805634,0.1537671685218811,missing,real,0,siemens_skyra_3t,5.999999865696889
        P0012-S1,P0012,2,lung,0.20615717768669128,0.14468605816364288,0.20848290622234344,0.21798457205295563,0.22268925607204437,real,missing,0,ge_signa_excite_3t,6.000000215623259
        P0002-S1,P0002,3,other,0.20584607124328613,0.21536585688591003,0.15658172965049744,0.17600661516189575,0.24619978666305542,real,missing,0,ge_signa_excite_3t,6.000000160317603
        P0003-S1,P0003,3,lung,0.1998974233865738,0.2387702912092209,0.15925288200378418,0.17534753680229187,0.22673192620277405,real,real,0,ge_signa_excite_1.5t,5.999999976292901
        P0006-S1,P0006,3,lung,0.2254653126001358,0.22608555853366852,0.1449442356824875,0.16942349076271057,0.23408138751983643,missing,real,0,siemens_skyra_3t,5.999999842804268
        P0011-S1,P0011,3,melanoma,0.21007338166236877,0.2143329232931137,0.15370456874370575,0.1755799651145935,0.24630917608737946,real,missing,0,ge_signa_excite_1.5t,6.000000216821651
        """
}
