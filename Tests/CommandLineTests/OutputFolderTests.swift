import ArgumentParser
import Foundation
import Testing
@testable import metorigin

/// `--out` naming a file, or a folder under a file, is an argument error that says what is
/// wrong, raised before any work starts (not an operating-system error when the first file is
/// written).
@Suite struct OutputFolderTests {
    @Test func aFileOrAFolderUnderAFileIsRefusedByName() throws {
        let folder = NSTemporaryDirectory() + "metorigin-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/results.csv"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        for (out, expected) in [(file, "a file is there"), (file + "/cv/run", "\(file) is a file")] {
            for line in [["cv", "--manifest", "m.csv", "--out", out],
                         ["segment", "train", "--manifest", "m.csv", "--modality", "t1ce", "--out", out]] {
                do {
                    _ = try MetOrigin.parseAsRoot(line)
                    Issue.record("\(line.joined(separator: " ")) was accepted")
                } catch {
                    let message = MetOrigin.message(for: error)
                    #expect(message.contains("--out") && message.contains(expected), "\(message)")
                }
            }
        }
        // A folder that does not exist yet, below a writable one, is fine.
        _ = try MetOrigin.parseAsRoot(["cv", "--manifest", "m.csv", "--out", folder + "/new/run"])
    }
}
