import ArgumentParser
import Pipeline

extension CVCommand {
    /// `cv --model radiomics`: the radiomics classifier's cross-validation.
    func runRadiomics() throws {
        var options = RadiomicsCVOptions()
        options.folds = folds.value
        options.seed = seed.seed
        options.classifier.seed = seed.seed
        if let folder = probabilityMaps {
            options.extraction.masks = .probabilityMaps(folder: folder, threshold: 0.5)
        }
        options.extraction.minimumLesionVoxels = minLesionVoxels.value
        options.classifier.selectFeatures = selectFeatures?.value
        let progress = ProgressPrinter(quiet: json.json)
        let result = try RadiomicsCrossValidation.run(manifestPath: manifest.manifest, outputFolder: output.out,
                                                      options: options, log: { progress.line($0) })
        try report(result, progress: progress)
    }
}
