import Testing
@testable import Pipeline

/// Which configurations a cross-validation runs: the probability map is an input of the full
/// model only when maps were given, and then "Without probability map" is an ablation.
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
}
