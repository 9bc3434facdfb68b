import Torch
import Vocabulary

/// One network at one preset and its number of trainable scalars.
public struct ModelSize: Codable, Sendable, Equatable {
    /// `classifier`, or a segmentation architecture's name.
    public var network: String
    public var preset: String
    public var parameters: Int
}

/// Every network MetOrigin builds, at every preset, for `metorigin models`.
public enum ModelCatalog {
    /// Builds each network (parameters drawn from a private generator, leaving the global one
    /// untouched) and counts its parameters: the four segmentation networks, then the classifier.
    public static func sizes() throws(TorchError) -> [ModelSize] {
        let generator = try Generator(seed: 0)
        var sizes: [ModelSize] = []
        let presets: [(String, SegmentationNetworkConfig)] = [("demo", .demo), ("paper", .paper)]
        for architecture in SegmentationArchitecture.allCases {
            for (name, config) in presets {
                let network = try makeSegmentationNetwork(architecture, config: config, generator: generator)
                sizes.append(ModelSize(network: architecture.rawValue, preset: name, parameters: network.parameterCount))
            }
        }
        let classifiers: [(String, ClassifierConfig)] = [("demo", .demo), ("paper", .paper)]
        for (name, config) in classifiers {
            let classifier = try PrimarySiteClassifier(config: config, generator: generator)
            sizes.append(ModelSize(network: "classifier", preset: name, parameters: classifier.parameterCount))
        }
        return sizes
    }
}
