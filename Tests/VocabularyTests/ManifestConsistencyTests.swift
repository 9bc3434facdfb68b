import Foundation
import Testing
import Vocabulary

/// A manifest whose rows contradict each other about a study — two labels, two patient IDs, the
/// same modality twice — is refused naming both lines, and a classification manifest with a
/// single class is refused before any training.
@Suite struct ManifestConsistencyTests {
    static func read(_ lines: [String]) throws -> Result<Manifest, ManifestError> {
        let path = try SyntheticManifestTests.write(lines, header: SyntheticManifestTests.header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do { return .success(try Manifest.read(path: path)) } catch { return .failure(error) }
    }

    static func failure(_ lines: [String]) throws -> ManifestError {
        guard case let .failure(error) = try read(lines) else {
            Issue.record("accepted: \(lines)")
            return ManifestError(path: "", line: nil, reason: "")
        }
        return error
    }

    @Test func aStudyWithTwoLabelsNamesBothLines() throws {
        let error = try Self.failure(["P1,S1,t1ce,a.nii.gz,lung,0,,s", "P2,S2,t1ce,b.nii.gz,breast,0,,s",
                                      "P1,S1,flair,c.nii.gz,breast,0,,s"])
        #expect(error.line == 4 && error.studyID == "S1")
        #expect(error.reason.contains("two labels") && error.reason.contains("lines 2 and 4"))
    }

    @Test func aStudyWithTwoPatientIDsNamesBothLines() throws {
        let error = try Self.failure(["P1,S1,t1ce,a.nii.gz,lung,0,,s", "P9,S1,flair,c.nii.gz,lung,0,,s"])
        #expect(error.line == 3 && error.reason.contains("two patient IDs") && error.reason.contains("'P9'"))
        #expect(error.reason.contains("lines 2 and 3"))
    }

    @Test func aDuplicatedRowNamesBothLines() throws {
        let error = try Self.failure(["P1,S1,t1ce,a.nii.gz,lung,0,,s", "P1,S1,flair,b.nii.gz,lung,0,,s",
                                      "P1,S1,t1ce,a.nii.gz,lung,0,,s"])
        #expect(error.line == 4 && error.reason.contains("two t1ce rows") && error.reason.contains("lines 2 and 4"))
    }

    @Test func consistentStudiesAreAccepted() throws {
        let manifest = try Self.read(["P1,S1,t1ce,a.nii.gz,lung,0,,s", "P1,S1,flair,b.nii.gz,lung,0,,s",
                                      "P1,S2,t1ce,c.nii.gz,breast,0,,s"]).get()
        #expect(manifest.studies.count == 2)
        try manifest.requirePrimarySites()
    }

    @Test func classificationWithOneClassIsRefused() throws {
        let manifest = try Self.read(["P1,S1,t1ce,a.nii.gz,lung,0,,s", "P2,S2,t1ce,b.nii.gz,Lung,0,,s"]).get()
        let error = try #require(throws: ManifestError.self) { try manifest.requirePrimarySites() }
        #expect(error.reason.contains("at least two") && error.reason.contains("'lung'"))
    }
}
