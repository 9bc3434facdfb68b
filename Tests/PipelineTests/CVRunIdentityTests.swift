import Foundation
import Pipeline
import Testing

/// `cv --resume` continues only the run recorded in the output folder: another manifest, seed,
/// fold count or setting is refused, naming each difference.
@Suite struct CVRunIdentityTests {
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "metorigin-run-identity-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func manifest(in folder: String, labels: [String] = ["lung", "breast"]) throws -> String {
        let path = folder + "/manifest.csv"
        let rows = labels.enumerated().map { "P\($0),S\($0),t1ce,s\($0).nii.gz,\($1),0,,scanner" }
        try (["patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner"] + rows)
            .joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aResumeWithAnotherSeedOrSettingIsRefusedNamingTheDifferences() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let manifest = try Self.manifest(in: out)
        var options = CrossValidationEndToEndTests.tinyOptions()
        let first = try CVRunIdentity(manifestPath: manifest, options: options)
        try first.record(in: out, resume: false)
        try CVRunIdentity(manifestPath: manifest, options: options).record(in: out, resume: true)

        options.training.seed += 1
        options.training.maxEpochs = 7
        options.folds = 4
        let error = try #require(throws: CVRunIdentityError.self) {
            try CVRunIdentity(manifestPath: manifest, options: options).record(in: out, resume: true)
        }
        guard case let .differentRun(_, differences) = error else { Issue.record("\(error)"); return }
        #expect(differences.contains("seed: 5 → 6") && differences.contains("folds: 3 → 4"))
        #expect(differences.contains("training.maxEpochs: 1 → 7"), "\(differences)")
        #expect(differences.count == 3, "\(differences)")
    }

    @Test func anEditedManifestIsADifferentRun() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let options = CrossValidationEndToEndTests.tinyOptions()
        let manifest = try Self.manifest(in: out)
        try CVRunIdentity(manifestPath: manifest, options: options).record(in: out, resume: false)
        _ = try Self.manifest(in: out, labels: ["lung", "renal"])
        let error = try #require(throws: CVRunIdentityError.self) {
            try CVRunIdentity(manifestPath: manifest, options: options).record(in: out, resume: true)
        }
        #expect(error.description.contains("manifest SHA-256"))
    }

    @Test func trainedFoldsWithoutAnIdentityAreRefused() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let manifest = try Self.manifest(in: out)
        try FileManager.default.createDirectory(atPath: out + "/full/fold-1", withIntermediateDirectories: true)
        #expect(throws: CVRunIdentityError.unidentifiedRun(folder: out)) {
            try CVRunIdentity(manifestPath: manifest, options: CrossValidationEndToEndTests.tinyOptions()).record(in: out, resume: true)
        }
    }

    @Test func crossValidationChecksTheIdentityBeforeTraining() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let manifest = try Self.manifest(in: out)
        var options = CrossValidationEndToEndTests.tinyOptions()
        options.training.seed = 99
        try FileManager.default.createDirectory(atPath: out + "/cv", withIntermediateDirectories: true)
        try CVRunIdentity(manifestPath: manifest, options: options).record(in: out + "/cv", resume: false)
        options.training.seed = 5
        options.resume = true
        #expect(throws: CVRunIdentityError.self) {
            _ = try CrossValidation.run(manifestPath: manifest, outputFolder: out + "/cv", options: options, log: { _ in })
        }
    }
}
