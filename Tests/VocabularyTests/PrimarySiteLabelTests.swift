import Foundation
import Testing
import Vocabulary

/// An unknown label is an error naming the file and line, never some default class.
@Suite struct PrimarySiteLabelTests {
    @Test func labelsReadCaseInsensitivelyInClassOrder() throws {
        #expect(try PrimarySite(label: "Melanoma", path: "m.csv", line: 3) == .melanoma)
        #expect(PrimarySite.allCases.map(\.index) == [0, 1, 2, 3, 4])
        #expect(PrimarySite.allCases.map(\.probabilityColumn) == ["prob_lung", "prob_breast", "prob_melanoma", "prob_renal", "prob_other"])
        #expect(PrimarySite(index: 5) == nil && PrimarySite(index: -1) == nil)
    }

    @Test func anUnknownLabelNamesFileAndLine() {
        let error = #expect(throws: LabelError.self) { try PrimarySite(label: "Lung-SCLC", path: "m.csv", line: 7) }
        #expect(error?.description == "m.csv:7: label 'Lung-SCLC' is not one of lung, breast, melanoma, renal, other")
    }

    /// A lesion-free control has no primary site: asking for one is an error naming the manifest
    /// and the study's line, where the old reader gave class 0 (lung).
    @Test func aStudyWithoutAPrimarySiteIsAnErrorNotLung() throws {
        let path = try SyntheticManifestTests.write(["P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s",
                                                     "C1,C1-S1,t1ce,c1.nii.gz,none,1,c1_mask.nii.gz,s"],
                                                    header: SyntheticManifestTests.header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let studies = try Manifest.read(path: path).studies
        #expect(try studies[0].primarySite() == .lung)
        let error = try #require(throws: ManifestError.self) { try studies[1].primarySite() }
        #expect(error.path == path && error.line == 3 && error.studyID == "C1-S1" && error.reason.contains("'none'"))
    }
}
