import ArgumentParser
import Foundation
import Models

/// `metorigin models`: parameter counts of every network at every preset.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Parameter counts of the segmentation networks and the classifier at each preset.",
        discussion: "--json prints a list of {network, preset, parameters}.")
    @OptionGroup var json: JSONOption

    func run() throws {
        let sizes = try ModelCatalog.sizes()
        if json.json { return try json.print(sizes) }
        print("network     preset   parameters")
        for s in sizes {
            print(s.network.padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                  + s.preset.padding(toLength: 7, withPad: " ", startingAt: 0)
                  + String(format: " %11d", s.parameters))
        }
    }
}
