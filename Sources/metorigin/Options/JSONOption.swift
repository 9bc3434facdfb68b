import ArgumentParser
import Foundation
import Pipeline

/// `--json`: a reporting command prints its library result as JSON on stdout instead of text.
struct JSONOption: ParsableArguments {
    @Flag(help: "Machine-readable output: the result as JSON on stdout.")
    var json = false

    /// Prints `value` as `ResultJSON` encodes it.
    func print(_ value: some Encodable) throws {
        Swift.print(String(decoding: try ResultJSON.encode(value), as: UTF8.self))
    }

    /// Prints a JSON object built by hand (`JSONSerialization`), with the same formatting.
    func print(object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
