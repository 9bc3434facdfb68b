import Foundation
import Testing
import Training
@testable import Pipeline
import Vocabulary

/// Which configurations a cross-validation runs: the probability map is an input of the full
/// model only when maps were given, and then "Without probability map" is an ablation; with
/// synthetic images in the manifest, "Real inputs only" is one too.
@Suite struct CVConfigurationTests {
    @Test func withoutMapsNoConfigurationUsesOne() {
        let list = CrossValidation.makeConfigurations(CrossValidationOptions())
        #expect(list.map(\.slug) == ["full", "t1ce-only", "flair-only"])
        #expect(list.allSatisfy { !$0.classifier.usesProbabilityMap })
    }

    @Test func withMapsTheFullModelUsesThemAndTheAblationDoesNot() {
        var o = CrossValidationOptions()
        o.probabilityMaps = "/maps"
        let list = CrossValidation.makeConfigurations(o)
        #expect(list.map(\.slug) == ["full", "no-prob", "t1ce-only", "flair-only"])
        #expect(list.map(\.classifier.usesProbabilityMap) == [true, false, true, true])
        o.ablations = false
        #expect(CrossValidation.makeConfigurations(o).map(\.slug) == ["full"])
    }

    @Test func realInputsOnlyRunsOnlyWhenTheManifestHasSyntheticRows() {
        var o = CrossValidationOptions()
        #expect(!CrossValidation.makeConfigurations(o, synthetic: false).contains { $0.slug == "real-only" })
        let list = CrossValidation.makeConfigurations(o, synthetic: true)
        #expect(list.map(\.slug) == ["full", "real-only", "t1ce-only", "flair-only"])
        #expect(list.map(\.name).contains("Real inputs only"))
        #expect(list.map(\.syntheticInputs) == [true, false, false, false])
        o.probabilityMaps = "/maps"
        let withMaps = CrossValidation.makeConfigurations(o, synthetic: true)
        #expect(withMaps.map(\.slug) == ["full", "no-prob", "real-only", "t1ce-only", "flair-only"])
        #expect(withMaps.map(\.syntheticInputs) == [true, true, false, false, false])
        o.ablations = false
        #expect(CrossValidation.makeConfigurations(o, synthetic: true).map(\.slug) == ["full"])
    }

    /// A synthetic image reaches the full model only; a one-branch model never sees one.
    @Test func syntheticImagesAreDroppedWhereAConfigurationDoesNotTakeThem() {
        let sample = ClassificationSample(studyID: "S", patientID: "P", site: .lung, scanner: "s", t1ce: [1], flair: [2],
                                          probability: nil, t1ceState: .real, flairState: .synthetic)
        let list = CrossValidation.makeConfigurations(CrossValidationOptions(), synthetic: true)
        let seen = Dictionary(uniqueKeysWithValues: list.map { ($0.slug, CrossValidation.inputs(of: sample, for: $0)) })
        #expect(seen["full"]?.t1ce == [1] && seen["full"]?.flair == [2])
        #expect(seen["real-only"]?.t1ce == [1] && seen["real-only"]?.flair == nil)
        #expect(seen["t1ce-only"]?.t1ce == [1] && seen["t1ce-only"]?.flair == nil)
        #expect(seen["flair-only"]?.t1ce == nil && seen["flair-only"]?.flair == nil)
    }

    @Test func crossValidationRefusesLesionFreeControls() throws {
        let root = SegmentationPipelineTests.scratch("cv-controls")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifest = try SegmentationEvaluationTests.controls(in: root, count: 1)
        let error = try #require(throws: ManifestError.self) {
            try CrossValidation.run(manifestPath: manifest, outputFolder: root + "/cv", options: CrossValidationOptions(), log: { _ in })
        }
        #expect(error.studyID == "C0-S1" && error.path == manifest)
    }
}
