import Vocabulary

/// The four scanners of the paper's Methods, with the properties that differ between them.
/// Numbers are typical of these systems and protocols (docs/cohort.md, "Scanners").
public enum ScannerProfile: String, CaseIterable, Sendable, Codable {
    case geSignaExcite15 = "ge_signa_excite_1.5t"
    case geSignaHDxt15 = "ge_signa_hdxt_1.5t"
    case geSignaExcite3 = "ge_signa_excite_3t"
    case siemensSkyra3 = "siemens_skyra_3t"

    public var manufacturer: String { self == .siemensSkyra3 ? "SIEMENS" : "GE MEDICAL SYSTEMS" }
    public var modelName: String {
        switch self {
        case .geSignaExcite15, .geSignaExcite3: "Signa Excite"
        case .geSignaHDxt15: "Signa HDxt"
        case .siemensSkyra3: "Skyra"
        }
    }
    public var fieldStrength: Double { (self == .geSignaExcite3 || self == .siemensSkyra3) ? 3.0 : 1.5 }

    /// Signal-to-noise ratio of white matter (T1 CE) or grey matter (FLAIR).
    func snr(_ m: Modality) -> Double {
        switch (self, m) {
        case (.geSignaExcite15, .t1ce): 18
        case (.geSignaExcite15, .flair): 15
        case (.geSignaHDxt15, .t1ce): 21
        case (.geSignaHDxt15, .flair): 17
        case (.geSignaExcite3, .t1ce): 30
        case (.geSignaExcite3, .flair): 24
        case (.siemensSkyra3, .t1ce): 36
        case (.siemensSkyra3, .flair): 28
        }
    }

    /// Peak-to-peak amplitude of the multiplicative bias field (B1 inhomogeneity grows at 3 T).
    var biasAmplitude: Double {
        switch self {
        case .geSignaExcite15: 0.12
        case .geSignaHDxt15: 0.10
        case .geSignaExcite3: 0.28
        case .siemensSkyra3: 0.18
        }
    }

    /// Grey–white contrast relative to the template (3 T T1 CE a little flatter).
    func contrast(_ m: Modality) -> Double {
        switch (self, m) {
        case (.geSignaExcite3, .t1ce): 0.85
        case (.siemensSkyra3, .t1ce): 1.1
        case (.siemensSkyra3, .flair): 1.1
        default: 1.0
        }
    }

    /// Gadolinium gain: the same dose enhances more at 3 T (shorter T1 of tissue, higher r1 effect).
    var enhancementGain: Double { fieldStrength > 2 ? 1.12 : 1.0 }

    /// Stored value of white matter (T1 CE) or grey matter (FLAIR): vendors scale differently.
    func intensityScale(_ m: Modality) -> Double {
        switch self {
        case .siemensSkyra3: m == .t1ce ? 620 : 480
        case .geSignaExcite3: m == .t1ce ? 1250 : 900
        default: m == .t1ce ? 1000 : 800
        }
    }

    /// Paper-resolution protocol: in-plane matrix and field of view (mm), slice spacing (mm).
    func protocolGeometry(_ m: Modality) -> (matrix: Int, fov: Double, slice: Double) {
        switch (self, m) {
        case (.geSignaExcite15, .t1ce): (256, 240, 1.5)
        case (.geSignaHDxt15, .t1ce): (256, 240, 1.2)
        case (.geSignaExcite3, .t1ce): (256, 230, 1.0)
        case (.siemensSkyra3, .t1ce): (256, 230, 1.0)
        case (.geSignaExcite15, .flair): (256, 220, 6.0)
        case (.geSignaHDxt15, .flair): (320, 240, 5.0)
        case (.geSignaExcite3, .flair): (512, 240, 4.0)
        case (.siemensSkyra3, .flair): (512, 220, 3.0)
        }
    }

    /// Share of studies from each scanner, in the plain and the contoured batch (the contoured
    /// batch is more recent, so more 3 T).
    static func weights(contoured: Bool) -> [Double] {
        contoured ? [0.15, 0.20, 0.30, 0.35] : [0.30, 0.30, 0.22, 0.18]
    }
}
