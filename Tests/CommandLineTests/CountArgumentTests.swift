import ArgumentParser
import Testing
@testable import metorigin

/// Zero and negative counts are argument errors in every command that takes one, raised by the
/// parser before any work starts; a count of 1 parses.
@Suite struct CountArgumentTests {
    /// Each command line with `N` standing for the count under test.
    static let commandLines: [[String]] = [
        ["cv", "--manifest", "m.csv", "--out", "o", "--epochs", "N"],
        ["cv", "--manifest", "m.csv", "--out", "o", "--folds", "N"],
        ["segment", "train", "--manifest", "m.csv", "--modality", "t1ce", "--out", "o", "--epochs", "N"],
        ["segment", "train", "--manifest", "m.csv", "--modality", "t1ce", "--out", "o", "--patience", "N"],
        ["transfer", "train", "--manifest", "m.csv", "--out", "o", "--epochs", "N"],
        ["cohort", "generate", "--out", "o", "--patients", "N"],
        ["cohort", "oracle", "--patients", "N"],
        ["resample", "in.nii.gz", "--spacing", "1,1,1", "--output", "out.nii.gz", "--threads", "N"],
        ["bench", "segment", "--batch", "N"],
        ["bench", "segment", "--runs", "N"],
        ["bench", "engine", "--rounds", "N"],
        ["bench", "engine", "--threads", "N"],
        ["bench", "io", "--runs", "N"],
        ["bench", "radiomics", "--studies", "N"],
        ["radiomics", "--image", "i.nii.gz", "--mask", "m.nii.gz", "--out", "f.csv", "--min-lesion-voxels", "N"],
        ["pairing", "--manifest", "m.csv", "--bins", "N"],
    ]

    static func substitute(_ line: [String], _ value: String) -> [String] { line.map { $0 == "N" ? value : $0 } }

    @Test(arguments: commandLines)
    func zeroAndNegativeCountsAreRefused(_ line: [String]) {
        let option = line[line.firstIndex(of: "N")! - 1]
        for value in ["0", "-1", "1.5"] {
            do {
                _ = try MetOrigin.parseAsRoot(Self.substitute(line, value))
                Issue.record("\(Self.substitute(line, value).joined(separator: " ")) was accepted")
            } catch {
                let message = MetOrigin.message(for: error)
                // "-1" reads as a missing value followed by an unknown option "-1"; either way the option is named.
                #expect(message.contains(option) && (value == "-1" || message.contains("'\(value)'")), "\(message)")
            }
        }
    }

    @Test(arguments: commandLines)
    func aCountOfOneParses(_ line: [String]) throws {
        _ = try MetOrigin.parseAsRoot(Self.substitute(line, "1"))
    }

    @Test func zeroStillMeansAllWhereItIsDocumented() throws {
        let generate = try #require(try MetOrigin.parseAsRoot(["cohort", "generate", "--out", "o", "--patients", "5",
                                                               "--threads", "0"]) as? CohortGenerateCommand)
        #expect(generate.threads.value == 0)
        _ = #expect(throws: (any Error).self) {
            try MetOrigin.parseAsRoot(["cohort", "generate", "--out", "o", "--patients", "5", "--threads", "-2"])
        }
        _ = #expect(throws: (any Error).self) {
            try MetOrigin.parseAsRoot(["evaluate", "--predictions", "p.csv", "--resamples", "-1"])
        }
    }
}
