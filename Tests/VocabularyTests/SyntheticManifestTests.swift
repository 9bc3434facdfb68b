import Foundation
import Testing
import Vocabulary

/// The manifest's optional `synthetic` column (written by `metorigin transfer fill`): parsed into
/// `ManifestRow.synthetic`, absent meaning all real, and a synthetic row that does not stand in
/// for an unacquired modality of a study with a real image is an error naming the study.
@Suite struct SyntheticManifestTests {
    static let header = "patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner"

    /// Writes `lines` under `header` to a fresh manifest and returns its path (paths need not exist).
    static func write(_ lines: [String], header: String = header + ",synthetic") throws -> String {
        let folder = NSTemporaryDirectory() + "metorigin-synthetic-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/manifest.csv"
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theColumnMarksSyntheticRowsAndStaysOutOfExtra() throws {
        let path = try Self.write([
            "P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s,0",
            "P1,P1-S1,flair,synthetic/p1-flair.nii.gz,lung,0,,s,1",
            "P2,P2-S1,t1ce,p2t.nii.gz,renal,0,,s,0",
            "P2,P2-S1,flair,p2f.nii.gz,renal,0,,s,",
        ])
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let manifest = try Manifest.read(path: path)
        #expect(manifest.rows.map(\.synthetic) == [false, true, false, false])
        #expect(manifest.rows.allSatisfy { $0.extra[Manifest.syntheticColumn] == nil })
        #expect(manifest.hasSyntheticRows)
        let p1 = manifest.studies[0]
        #expect(p1.row("flair")?.synthetic == true)
        #expect(p1.realRow("flair") == nil)
        #expect(p1.realRows.map(\.modality) == ["t1ce"])
        #expect(manifest.studies[1].realRow("flair") != nil)
    }

    @Test func withoutTheColumnEveryRowIsReal() throws {
        let path = try Self.write(["P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s", "P1,P1-S1,flair,p1f.nii.gz,lung,0,,s"],
                                  header: Self.header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let manifest = try Manifest.read(path: path)
        #expect(!manifest.hasSyntheticRows)
        #expect(manifest.studies[0].realRows.count == 2)
    }

    @Test func aValueOtherThanZeroOrOneNamesTheLine() throws {
        let path = try Self.write(["P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s,yes"])
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = #expect(throws: ManifestError.self) { try Manifest.read(path: path) }
        #expect(error?.path == path && error?.line == 2)
        #expect(error?.reason.contains("synthetic must be 0 or 1") == true)
    }

    @Test func aSyntheticRowBesideARealOneOfItsModalityIsAnError() throws {
        let path = try Self.write([
            "P1,P1-S1,t1ce,p1.nii.gz,lung,0,,s,0",
            "P1,P1-S1,flair,p1f.nii.gz,lung,0,,s,0",
            "P1,P1-S1,flair,synthetic/p1f.nii.gz,lung,0,,s,1",
        ])
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = #expect(throws: ManifestError.self) { try Manifest.read(path: path) }
        #expect(error?.path == path && error?.line == 4 && error?.studyID == "P1-S1")
        #expect(error?.description.contains("P1-S1") == true)
        #expect(error?.reason.contains("real flair") == true)
    }

    @Test func aSyntheticRowWithoutARealOtherModalityIsAnError() throws {
        // Only a synthetic image; and a synthetic FLAIR beside a real FLAIR of another study.
        for lines in [["P1,P1-S1,flair,synthetic/p1f.nii.gz,lung,0,,s,1"],
                      ["P1,P1-S2,flair,p1f.nii.gz,lung,0,,s,0", "P1,P1-S1,t1ce,synthetic/p1t.nii.gz,lung,0,,s,1"],
                      ["P1,P1-S1,t1ce,synthetic/p1t.nii.gz,lung,0,,s,1", "P1,P1-S1,flair,synthetic/p1f.nii.gz,lung,0,,s,1"]] {
            let path = try Self.write(lines)
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            let error = #expect(throws: ManifestError.self) { try Manifest.read(path: path) }
            #expect(error?.path == path && error?.studyID == "P1-S1")
            #expect(error?.reason.contains("without a real image of the other modality") == true)
        }
    }
}
