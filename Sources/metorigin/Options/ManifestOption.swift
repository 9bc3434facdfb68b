import ArgumentParser

/// `--manifest M`: the cohort manifest a command reads.
struct ManifestOption: ParsableArguments {
    @Option(help: "The cohort manifest (manifest.csv).")
    var manifest: String
}
