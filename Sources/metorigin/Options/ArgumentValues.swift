import ArgumentParser
import Cohort
import Vocabulary
import MedicalIO
import Models
import Pipeline

// The library's closed sets of names, parsed (and listed in --help) by the argument parser.
extension SegmentationArchitecture: ExpressibleByArgument {}
extension Modality: ExpressibleByArgument {}
extension TransferPairingMethod: ExpressibleByArgument {}
extension Interpolation: ExpressibleByArgument {}
extension CohortOptions.Format: ExpressibleByArgument {}
extension ModalityMix: ExpressibleByArgument {}
extension FLAIRContour: ExpressibleByArgument {}
extension EngineWorkload: ExpressibleByArgument {}
extension ClassifierModel: ExpressibleByArgument {}
extension LesionInstanceKind: ExpressibleByArgument {}

/// A comma-separated list of values, e.g. `--arch unet,attunet`.
struct CommaSeparated<Element: ExpressibleByArgument>: ExpressibleByArgument {
    var values: [Element]

    init?(argument: String) {
        var values: [Element] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Element(argument: String(part)) else { return nil }
            values.append(value)
        }
        self.values = values
    }

    static var allValueStrings: [String] { Element.allValueStrings }
}
