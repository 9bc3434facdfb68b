import Foundation
import Testing
import Vocabulary

@Suite struct ManifestWriterTests {
    /// Reading a manifest and writing it back with its own columns gives the same bytes (paths
    /// aside, which reading resolves against the manifest's folder).
    @Test func writeAfterReadKeepsColumnsAndFields() throws {
        let header = SyntheticManifestTests.header + ",truth_path,session,spacing_x"
        let lines = ["P1,P1-S1,t1ce,/data/p1.nii.gz,lung,1,/data/p1_rt.dcm,GE,/data/p1_truth.nii.gz,1,0.9375",
                     "P2,P2-S1,flair,/data/p2.nii.gz,other,0,,\"Siemens, Skyra\",,2,1.0000"]
        let path = try SyntheticManifestTests.write(lines, header: header)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let manifest = try Manifest.read(path: path)
        #expect(manifest.rows.map(\.line) == [2, 3])
        let text = Manifest.csv(rows: manifest.rows, columns: manifest.columns)
        #expect(text == ([header] + lines).joined(separator: "\n") + "\n")
    }

    @Test func theSyntheticColumnIsWrittenFromTheFlag() {
        let row = ManifestRow(patientID: "P", studyID: "S", modality: "flair", path: "s.nii.gz", label: "renal", contoured: false,
                              rtstructPath: nil, scanner: "x", truthPath: nil, synthetic: true, extra: ["site": "A"])
        #expect(row.fields(columns: ["study_id", "synthetic", "site", "unknown"]) == ["S", "1", "A", ""])
    }
}
