import ArgumentParser

/// The named settings a training command starts from: `demo` (small, for a CPU) or `paper`.
enum Preset: String, CaseIterable, ExpressibleByArgument {
    case demo, paper
}

/// `--preset`, `--config FILE` and `--epochs`: a training command's settings. The sections a
/// `--config` file may hold are listed in each command's description (`PresetOverrides`).
struct PresetOptions: ParsableArguments {
    @Option(help: "Network, grid and training preset.")
    var preset: Preset = .demo

    @Option(help: ArgumentHelp("A JSON file of partial overrides of the preset, one object per section (this command's sections are listed above); a key the settings do not have is an error.",
                               valueName: "file"))
    var config: String?

    @Option(help: "Override the preset's (maximum) number of epochs.")
    var epochs: Positive?
}
