import Foundation
import Pipeline
import Testing

/// A new run in an older run's folder removes that run's outputs first, and keeps the cache.
@Suite struct CVStaleOutputTests {
    @Test func aFreshRunRemovesTheEarlierRunsOutputsAndKeepsTheCache() throws {
        let out = try CVRunIdentityTests.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let manifest = try CVRunIdentityTests.manifest(in: out)
        let fm = FileManager.default
        for folder in ["t1ce-only/fold-2", "binary", "cache", "notes"] {
            try fm.createDirectory(atPath: out + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["predictions-t1ce-only.csv", "predictions.csv", "metrics.json", "report.html", "fig7b_roc.svg",
                     "cache/x.nii", "notes/mine.txt", "own.txt"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/" + file))
        }
        try CVRunIdentity(manifestPath: manifest, options: CrossValidationEndToEndTests.tinyOptions()).record(in: out, resume: false)
        let left = try fm.contentsOfDirectory(atPath: out).sorted()
        #expect(left == ["cache", "manifest.csv", "notes", "own.txt", CVRunIdentity.fileName], "\(left)")
        #expect(fm.fileExists(atPath: out + "/cache/x.nii"))
    }
}
