import MedicalIO
import Training

/// How `transfer train` pairs a patient's T1 CE slices with FLAIR slices.
public enum TransferPairingMethod: String, CaseIterable, Sendable {
    /// Each T1 CE slice with the FLAIR slice of highest normalised mutual information (the paper).
    case mi
    /// Slice k with slice k of the common grid.
    case sameIndex = "same-index"

    public var pairing: SlicePairing {
        switch self {
        case .mi: return TransferDataset.mutualInformation()
        case .sameIndex: return TransferDataset.sameIndex
        }
    }

    /// The name `transfer.json` records.
    public var recordedName: String {
        switch self {
        case .mi: return "mutual-information"
        case .sameIndex: return rawValue
        }
    }
}

extension TransferTrainingSetup {
    /// The sections a transfer `--config` file may hold.
    public static let configSections = ["network", "grid", "training"]

    /// The `name` preset (`demo` or `paper`, nil for any other name) with `pairing` and the
    /// sections of the `--config` file at `configPath` merged in.
    public static func preset(_ name: String, pairing: TransferPairingMethod,
                              configPath: String?) throws(PresetOverrideError) -> TransferTrainingSetup? {
        guard var setup = preset(name, pairing: pairing.pairing, pairingName: pairing.recordedName) else { return nil }
        if let configPath {
            let overrides = try PresetOverrides(path: configPath, sections: configSections)
            setup.network = try overrides.apply("network", to: setup.network)
            setup.grid = try overrides.apply("grid", to: setup.grid)
            setup.training = try overrides.apply("training", to: setup.training)
        }
        return setup
    }
}
