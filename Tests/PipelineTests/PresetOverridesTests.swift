import Foundation
import Models
import Testing
import Training
@testable import Pipeline

/// `--config` files: a section names only what it changes, nested settings merge, and a typo,
/// an unknown section or a wrong type is an error naming the key and the file.
@Suite struct PresetOverridesTests {
    static func file(_ json: String) throws -> String {
        let path = NSTemporaryDirectory() + "metorigin-config-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aNestedSettingChangesAndEverythingElseKeepsThePreset() throws {
        let path = try Self.file(#"{"training": {"loss": {"tumourClassWeight": 12}, "patience": 7}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try SegmentationPresetOverrides(preset: "demo", file: PresetOverrides(path: path, sections: SegmentationPresetOverrides.sections))
        var expected = SegmentationTrainingOptions.demo
        expected.loss.tumourClassWeight = 12
        expected.patience = 7
        #expect(settings.options == expected)
        #expect(settings.network == nil && settings.grid == nil)
    }

    @Test func typosUnknownSectionsAndWrongTypesAreErrorsNamingTheKey() throws {
        let cases = [
            (#"{"training": {"loss": {"tumourClassWieght": 5}}}"#, "training.loss.tumourClassWieght"),
            (#"{"trainig": {}}"#, "unknown section 'trainig'"),
            (#"{"training": {"patience": "many"}}"#, "training.patience"),
            (#"{"training": {"maxEpochs": 0}}"#, "'training.maxEpochs': must be at least 1"),
            (#"{"training": {"patience": -2}}"#, "'training.patience': must be at least 1"),
            (#"{"training": 3}"#, "section 'training' must be an object"),
            (#"[1, 2]"#, "top level"),
            ("{", "not valid JSON"),
        ]
        for (json, fragment) in cases {
            let path = try Self.file(json)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let error = try #require(throws: PresetOverrideError.self) {
                try SegmentationPresetOverrides(preset: "demo", file: PresetOverrides(path: path, sections: SegmentationPresetOverrides.sections))
            }
            #expect(error.path == path && error.description.contains(fragment), "\(json): \(error)")
        }
        #expect(throws: PresetOverrideError.self) { try PresetOverrides(path: "/nonexistent/config.json", sections: ["training"]) }
    }

    @Test func aWholeObjectStillReplacesThePreset() throws {
        let classifier = try #require(ClassifierConfig.preset("paper"))
        let json = String(decoding: try JSONEncoder().encode(["classifier": classifier]), as: UTF8.self)
        let path = try Self.file(json)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let overrides = try PresetOverrides(path: path, sections: ["classifier", "training"])
        #expect(try overrides.apply("classifier", to: try #require(ClassifierConfig.preset("demo"))) == classifier)
        let demoTraining = try #require(ClassifierTrainingOptions.preset("demo"))
        #expect(try overrides.apply("training", to: demoTraining) == demoTraining)
    }

    /// Each job's one entry point from a preset name and a `--config` file: the named sections
    /// change, the rest stays the preset's, and an unknown preset is nil.
    @Test func everyJobReadsItsPresetAndConfigInOnePlace() throws {
        let path = try Self.file(#"{"training": {"maxEpochs": 3}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cv = try #require(try CrossValidationOptions.preset("paper", configPath: path))
        #expect(cv.training.maxEpochs == 3 && cv.classifier == ClassifierConfig.preset("paper"))
        #expect(try CrossValidationOptions.preset("huge") == nil)

        let transferPath = try Self.file(#"{"training": {"maxEpochs": 2, "pairsPerPatient": 3}}"#)
        defer { try? FileManager.default.removeItem(atPath: transferPath) }
        let transfer = try #require(try TransferTrainingSetup.preset("demo", pairing: .sameIndex, configPath: transferPath))
        #expect(transfer.training.maxEpochs == 2 && transfer.pairingName == "same-index" && transfer.grid == .demo)
        #expect(try TransferTrainingSetup.preset("demo", pairing: .mi, configPath: nil)?.pairingName == "mutual-information")
        #expect(throws: PresetOverrideError.self) { try CrossValidationOptions.preset("demo", configPath: transferPath) }

        let segmentationPath = try Self.file(#"{"training": {"patience": 4}}"#)
        defer { try? FileManager.default.removeItem(atPath: segmentationPath) }
        var request = SegmentationTrainingRequest(manifestPath: "m.csv", modality: "t1ce", architecture: .unet, preset: "demo",
                                                  outputFolder: "out")
        try request.applyConfig(segmentationPath)
        #expect(request.options?.patience == 4 && request.network == nil && request.grid == nil)
    }
}
