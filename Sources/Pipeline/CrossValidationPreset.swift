import Models
import Training

extension CrossValidationOptions {
    /// The sections a cross-validation `--config` file may hold.
    public static let configSections = ["classifier", "training"]

    /// The `name` preset's classifier and training settings (`demo` or `paper`, nil for any
    /// other name), with the sections of the `--config` file at `configPath` merged in.
    public static func preset(_ name: String, configPath: String? = nil) throws(PresetOverrideError) -> CrossValidationOptions? {
        guard var classifier = ClassifierConfig.preset(name), var training = ClassifierTrainingOptions.preset(name) else { return nil }
        if let configPath {
            let overrides = try PresetOverrides(path: configPath, sections: configSections)
            classifier = try overrides.apply("classifier", to: classifier)
            training = try overrides.apply("training", to: training)
        }
        var options = CrossValidationOptions()
        options.classifier = classifier
        options.training = training
        options.presetName = name
        return options
    }
}
