import ArgumentParser

/// `--out DIR`: the folder a command writes into; each command's description lists what it
/// writes there.
struct OutputOption: ParsableArguments {
    @Option(help: "Output folder.")
    var out: String
}
