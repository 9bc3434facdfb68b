import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// How a metastasis looks inside.
public enum Morphology: String, CaseIterable, Sendable, Codable {
    /// Enhancing throughout.
    case solid
    /// Thick irregular enhancing rim around a necrotic core.
    case ring
    /// Thin smooth enhancing wall around fluid.
    case cystic
}

/// One metastasis, in atlas (MNI RAS) space: its latent features are the truth the oracle sees.
public struct Lesion: Sendable {
    /// Centre in atlas space (RAS mm).
    public var centre: Point3
    /// Diameter of the enhancing lesion (mm).
    public var diameter: Double
    public var morphology: Morphology
    /// Core radius over lesion radius (0 for solid).
    public var coreFraction: Double
    /// Relative enhancement on T1 CE.
    public var enhancement: Double
    /// Texture amplitude of the enhancing part (0…1).
    public var heterogeneity: Double
    /// Amount of intrinsic T1 hyperintensity from blood products or melanin (0 = none).
    public var haemorrhage: Double
    /// Reach of the vasogenic oedema as a multiple of the radius (≥ 1).
    public var oedemaRatio: Double
    /// Lobulation amplitude of the outline.
    public var irregularity: Double
    public var region: BrainRegion
    /// Grey-matter share at the centre (0 deep white matter … 1 cortex).
    public var corticalFraction: Double
    /// Ellipsoid semi-axis factors and the rotation that orients them.
    var axes: Point3
    var orientation: Matrix3
    /// Phases and wave vectors of the texture and the lobulation (per lesion, from its seed).
    var texture: LesionTexture

    public var radius: Double { diameter / 2 }
}

/// Per-lesion random patterns: texture waves (heterogeneity, haemorrhage patches) and the
/// outline's lobulation.
struct LesionTexture: Sendable {
    var waves: [Point3]
    var phases: [Double]
    var lobePhases: Point3

    init(random: inout SplitMix64) {
        waves = []
        phases = []
        for _ in 0..<7 {
            // Wavelengths 4–11 mm in random directions: summed, they give blotchy texture.
            var d = Point3(random.normal(), random.normal(), random.normal())
            let len = max((d * d).sum().squareRoot(), 1e-6)
            d /= len
            waves.append(d * (2 * Double.pi / random.uniform(4, 11)))
            phases.append(random.uniform(0, 2 * Double.pi))
        }
        lobePhases = Point3(random.uniform(0, 6.3), random.uniform(0, 6.3), random.uniform(0, 6.3))
    }
}

/// Study-level summary of a study's lesions: the latent feature vector of the oracle.
public struct LatentFeatures: Sendable {
    /// Feature names, in vector order (the columns of latent.csv after the identifiers).
    public static let names = [
        "log_count", "mean_log_diameter", "max_log_diameter", "ring_fraction", "cystic_fraction",
        "haemorrhage_fraction", "mean_enhancement", "mean_heterogeneity", "mean_log_oedema",
        "infratentorial_fraction", "mean_cortical", "mean_irregularity",
    ]
    public var values: [Double]

    public init(values: [Double]) { self.values = values }

    /// Summarises lesions into the fixed-length vector.
    public init(lesions: [Lesion]) {
        let n = Double(max(lesions.count, 1))
        func mean(_ f: (Lesion) -> Double) -> Double { lesions.reduce(0) { $0 + f($1) } / n }
        values = [
            log(Double(lesions.count)),
            mean { log($0.diameter) },
            lesions.map { log($0.diameter) }.max() ?? 0,
            mean { $0.morphology == .ring ? 1 : 0 },
            mean { $0.morphology == .cystic ? 1 : 0 },
            mean { $0.haemorrhage > 0 ? 1 : 0 },
            mean { $0.enhancement },
            mean { $0.heterogeneity },
            mean { log($0.oedemaRatio) },
            mean { $0.region == .infratentorial ? 1 : 0 },
            mean { $0.corticalFraction },
            mean { $0.irregularity },
        ]
    }
}

extension LatentFeatures {
    /// Which latent features an image of `modality` renders, in `names` order.
    ///
    /// Read off `StudyRenderer`'s signal model: T1 CE renders every feature (enhancement and
    /// texture amplitude scale the enhancing rim; oedema darkens tissue by up to 12 %). FLAIR
    /// renders size, count, location, outline, necrotic and cystic cores, blood and oedema, but
    /// its rim intensity and texture do not depend on the enhancement or on the texture amplitude
    /// (heterogeneity), so those two are invisible on a FLAIR-only study. Tested against the
    /// renderer (`LatentVisibilityTests`).
    public static func shown(by modality: Modality) -> [Bool] {
        switch modality {
        case .t1ce: return names.map { _ in true }
        case .flair: return names.map { $0 != "mean_enhancement" && $0 != "mean_heterogeneity" }
        }
    }

    /// The features any of `modalities` renders; none for an empty set.
    public static func shown(byAny modalities: Set<Modality>) -> [Bool] {
        var shown = names.map { _ in false }
        for m in modalities { for (i, s) in Self.shown(by: m).enumerated() where s { shown[i] = true } }
        return shown
    }
}
