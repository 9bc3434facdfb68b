import ArgumentParser
import Foundation
import Models

/// `metorigin models`: parameter counts of every network at every preset.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Parameter counts of the segmentation networks and the classifier at each preset."
    )

    @Flag(help: "Machine-readable output: a list of {network, preset, parameters}.")
    var json = false

    func run() throws {
        let sizes = try ModelCatalog.sizes()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(sizes), as: UTF8.self))
            return
        }
        print("network     preset   parameters")
        for s in sizes {
            print(s.network.padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                  + s.preset.padding(toLength: 7, withPad: " ", startingAt: 0)
                  + String(format: " %11d", s.parameters))
        }
    }
}
