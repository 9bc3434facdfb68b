import ArgumentParser

/// `--seed N`: the one seed of a training run; every random choice (split or folds,
/// initialisation, sampling, augmentation, pair order) derives from it.
struct SeedOption: ParsableArguments {
    @Option(help: "Random seed for the split or folds, initialisation, sampling and augmentation.")
    var seed: UInt64 = 0
}
