import Cohort
import Foundation
import MedicalIO
import Testing
@testable import Training
import Vocabulary

/// The pairing study on a tiny in-process cohort (phantom anatomy, 6 mm grid): the studies with
/// both modalities are found, FLAIR is brought onto the T1 CE grid, and pairing recovers the
/// identity correspondence for most slices.
@Suite struct PairingAgreementStudyTests {
    @Test func tinyCohortPairsMostSlicesCorrectly() throws {
        let root = NSTemporaryDirectory() + "metorigin-pairing-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = CohortOptions(patients: 12, seed: 3, output: root)
        options.resolution = .custom(Spacing(6, 6, 6))
        options.mix = .balanced
        _ = try CohortGenerator.generate(options, atlas: TissueAtlas.phantom(spacing: 6))
        let manifest = try Manifest.read(path: root + "/manifest.csv")
        let expected = manifest.studies.filter { $0.row("t1ce") != nil && $0.row("flair") != nil }.map(\.studyID)
        #expect(!expected.isEmpty)

        let report = try PairingAgreementStudy.run(manifest: manifest)
        #expect(report.studies.map(\.studyID) == expected)
        #expect(report.total.slices == report.studies.reduce(0) { $0 + $1.agreement.slices })
        #expect(report.total.slices >= 10 * expected.count)
        #expect(report.total.withinOneFraction >= 0.9, "within ±1: \(report.total.withinOneFraction)")
        for s in report.studies { #expect(s.meanNMI > 1 && s.meanNMI <= 2) }
        let json = try JSONEncoder().encode(report)
        #expect(!json.isEmpty)

        // A manifest without any study holding both modalities is refused, naming the file.
        let onlyOne = Manifest(path: "single.csv", rows: manifest.rows.filter { !expected.contains($0.studyID) || $0.modality == "t1ce" })
        #expect(throws: PairingStudyError(path: "single.csv", reason: "no study has both a T1 CE and a FLAIR row")) {
            try PairingAgreementStudy.run(manifest: onlyOne)
        }
    }
}
