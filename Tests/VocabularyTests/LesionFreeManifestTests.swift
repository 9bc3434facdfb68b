import Foundation
import Testing
import Vocabulary

/// Lesion-free control studies (`label` = none) are valid manifest rows for segmentation, and
/// the classifier's entry point refuses them by name.
@Suite struct LesionFreeManifestTests {
    @Test func noneIsALabelForControlsOnly() throws {
        let path = try SyntheticManifestTests.write(["C1,C1-S1,t1ce,c1.nii.gz,none,1,c1_mask.nii.gz,s",
                                                     "P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s",
                                                     "P2,P2-S1,t1ce,p2.nii.gz,breast,0,,s"],
                                                    header: SyntheticManifestTests.header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let manifest = try Manifest.read(path: path)
        #expect(manifest.rows.map(\.isLesionFree) == [true, false, false])
        let error = try #require(throws: ManifestError.self) { try manifest.requirePrimarySites() }
        #expect(error.studyID == "C1-S1" && error.path == path && error.reason.contains("lesion-free"))

        var labelled = manifest
        labelled.rows.removeFirst()
        try labelled.requirePrimarySites()
    }

    @Test func anyOtherUnknownLabelIsStillAnError() throws {
        let path = try SyntheticManifestTests.write(["P1,P1-S1,t1ce,p1.nii.gz,healthy,0,,s"], header: SyntheticManifestTests.header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: ManifestError.self) { try Manifest.read(path: path) }
        #expect(error.line == 2 && error.reason.contains("healthy"))
    }
}
