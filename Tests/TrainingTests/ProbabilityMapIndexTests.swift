import Foundation
import Testing
@testable import Training
import Vocabulary

@Suite struct ProbabilityMapIndexTests {
    @Test func roundTripsWithPathsRelativeToTheIndex() throws {
        let folder = SegmentationFixture.scratch("index")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = [
            ProbabilityMapEntry(patientID: "P1", studyID: "P1-S1", modality: "t1ce", probabilityPath: folder + "/t1ce/P1-S1.nii.gz",
                                imagePath: "/data/a, b.nii.gz", model: "abc", inputDigest: "def", tumourML: 1.25, maxProbability: 0.9),
            ProbabilityMapEntry(patientID: "P2", studyID: "P2-S1", modality: "flair", probabilityPath: "/elsewhere/x.nii.gz",
                                imagePath: "/data/c", model: "abc", inputDigest: "012", tumourML: 0, maxProbability: 0.01),
        ]
        try ProbabilityMapIndex(entries: entries).write(to: folder + "/index.csv")
        let text = try String(contentsOfFile: folder + "/index.csv", encoding: .utf8)
        #expect(text.contains(",t1ce/P1-S1.nii.gz,\"/data/a, b.nii.gz\","))
        let back = try ProbabilityMapIndex.read(path: folder + "/index.csv")
        #expect(back.entries == entries)
        #expect(back.entry(studyID: "P2-S1", modality: "flair")?.probabilityPath == "/elsewhere/x.nii.gz")
        #expect(back.entry(studyID: "P2-S1", modality: "t1ce") == nil)
    }

    /// `segment maps --out maps` gives map paths relative to the working directory; the index
    /// must still find them, since it resolves relative paths against its own folder.
    @Test func mapPathsRelativeToTheWorkingDirectoryAreStoredRelativeToTheIndex() throws {
        let folder = SegmentationFixture.scratch("index-relative")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let target = URL(fileURLWithPath: folder + "/t1ce/P1-S1.nii.gz").standardizedFileURL.pathComponents
        let shared = zip(cwd, target).prefix { $0 == $1 }.count
        let relative = (Array(repeating: "..", count: cwd.count - shared) + target.dropFirst(shared)).joined(separator: "/")
        let entry = ProbabilityMapEntry(patientID: "P1", studyID: "P1-S1", modality: "t1ce", probabilityPath: relative,
                                        imagePath: "/data/a", model: "abc", inputDigest: "def", tumourML: 1, maxProbability: 0.9)
        try ProbabilityMapIndex(entries: [entry]).write(to: folder + "/index.csv")
        let text = try String(contentsOfFile: folder + "/index.csv", encoding: .utf8)
        #expect(text.contains(",t1ce/P1-S1.nii.gz,"))
        let back = try ProbabilityMapIndex.read(path: folder + "/index.csv")
        #expect(back.entries.first?.probabilityPath == URL(fileURLWithPath: folder + "/t1ce/P1-S1.nii.gz").standardizedFileURL.path)
    }

    @Test func aForeignCSVIsATypedErrorNamingTheFile() throws {
        let folder = SegmentationFixture.scratch("index-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a,b\n1,2\n".write(toFile: folder + "/index.csv", atomically: true, encoding: .utf8)
        #expect(throws: ManifestError.self) { try ProbabilityMapIndex.read(path: folder + "/index.csv") }
        do { _ = try ProbabilityMapIndex.read(path: folder + "/index.csv") } catch { #expect(error.path == folder + "/index.csv") }
    }
}
