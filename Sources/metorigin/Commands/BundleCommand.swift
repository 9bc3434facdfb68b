import ArgumentParser
import Foundation
import Pipeline

/// `metorigin bundle info|verify MODEL`: what a model bundle holds, and whether its files are the
/// ones it was sealed with.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Inspect and verify model bundles (a folder with bundle.json and the model's files).",
        subcommands: [BundleInfoCommand.self, BundleVerifyCommand.self]
    )
}

/// The bundle folder argument both subcommands take.
struct BundleArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The model bundle folder.", valueName: "MODEL"))
    var model: String
}

/// `metorigin bundle info MODEL`: bundle.json in words (no hashing).
struct BundleInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print a model bundle's description: versions, classes, modalities, grids, preprocessing, training data, files.",
        discussion: "Reads bundle.json only; `bundle verify` also checks every file's SHA-256. --json prints bundle.json's fields.")
    @OptionGroup var bundle: BundleArgument
    @OptionGroup var json: JSONOption

    func run() throws {
        let b = try ModelBundle.read(bundle.model)
        if json.json { return try json.print(b.description) }
        let d = b.description
        print("\(bundle.model): \(d.format) format \(d.formatVersion)")
        print("  created             \(d.created)")
        print("  MetOrigin           \(d.metoriginVersion)   libtorch \(d.libtorchVersion)")
        print("  classes             \(d.classes.joined(separator: ", "))")
        print("  modalities          \(d.modalities.joined(separator: ", "))")
        for (modality, grid) in d.grids.sorted(by: { $0.key < $1.key }) {
            let size = grid.size.map(String.init).joined(separator: "×")
            let spacing = grid.spacing.map { String(format: "%g", $0) }.joined(separator: "×")
            print("  grid \(modality.padding(toLength: 15, withPad: " ", startingAt: 0))\(size) voxels of \(spacing) mm")
        }
        for (key, value) in d.preprocessing.sorted(by: { $0.key < $1.key }) {
            print("  preprocessing       \(key) = \(value)")
        }
        print("  training manifest   sha256 \(d.trainingManifestSHA256)")
        let cohort = d.classes.map { "\($0) \(d.cohortSize[$0] ?? 0)" }
            + d.cohortSize.keys.filter { !d.classes.contains($0) }.sorted().map { "\($0) \(d.cohortSize[$0] ?? 0)" }
        print("  studies per class   \(cohort.joined(separator: ", "))")
        for (name, digest) in d.files.sorted(by: { $0.key < $1.key }) {
            print("  file                \(name)  sha256 \(digest)")
        }
    }
}

/// `metorigin bundle verify MODEL`: every file re-hashed against bundle.json; exits non-zero
/// with the file named when one differs or is missing.
struct BundleVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a model bundle: a format this MetOrigin reads and every file's SHA-256 as bundle.json records it.",
        discussion: "--json prints {model, format_version, files} on success; a changed or missing file is an error naming it.")
    @OptionGroup var bundle: BundleArgument
    @OptionGroup var json: JSONOption

    struct Result: Encodable {
        var model: String
        var formatVersion: Int
        var files: [String]
        enum CodingKeys: String, CodingKey { case model, formatVersion = "format_version", files }
    }

    func run() throws {
        let b = try ModelBundle.verify(bundle.model)
        let files = b.description.files.keys.sorted()
        if json.json { return try json.print(Result(model: bundle.model, formatVersion: b.description.formatVersion, files: files)) }
        print("\(bundle.model): verified, \(files.count) file\(files.count == 1 ? "" : "s") match bundle.json (format \(b.description.formatVersion))")
    }
}
