import ArgumentParser
import Cohort
import Pipeline

/// `--anatomy DIR|phantom`: the reference head a synthetic cohort is drawn from.
struct AnatomyOption: ParsableArguments {
    @Option(help: "Anatomy folder, or 'phantom' (default: data/anatomy found upwards).")
    var anatomy: String?

    func atlas() throws -> TissueAtlas { try CohortAnatomy.load(anatomy) }
}
