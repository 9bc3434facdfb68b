import ArgumentParser
import Foundation
import Pipeline
import Training

extension CVCommand {
    /// `cv --model lesion`: the lesion-level classifier's cross-validation.
    func runLesion() throws {
        let source: LesionCrossValidationOptions.Instances
        switch instances {
        case .truth: source = .truth
        case .predicted:
            // validate() has required the maps with predicted instances.
            source = .probabilityMaps(folder: probabilityMaps ?? "")
        }
        guard !binary else { throw ValidationError("--binary is available for --model paper only") }
        var options = LesionCrossValidationOptions(instances: source)
        options.training.seed = seed.seed
        if let epochs = preset.epochs { options.training.maxEpochs = epochs.value }
        options.folds = folds.value
        options.resume = resume
        options.device = device.resolved
        let progress = ProgressPrinter(quiet: json.json)
        let result = try LesionCrossValidation.run(manifestPath: manifest.manifest, outputFolder: output.out, options: options,
                                                   log: { progress.line($0) })
        try report(result, progress: progress)
    }
}
