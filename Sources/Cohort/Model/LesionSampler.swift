import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// Draws a study's metastases from the per-class model (docs/cohort.md, "Metastases").
struct LesionSampler {
    let atlas: TissueAtlas

    /// Patient-level factors shared by all studies of a patient.
    struct PatientFactors {
        var oedema: Double
        var contrast: Double
        init(random: inout SplitMix64) {
            oedema = exp(PatientEffects.steroidOedemaSigma * random.normal())
            contrast = max(0.6, random.normal(1, PatientEffects.contrastTimingSD))
        }
    }

    /// The lesions of a first study.
    func lesions(for label: PrimarySite, factors: PatientFactors, random: inout SplitMix64) -> [Lesion] {
        let p = label.parameters
        let count = min(PatientEffects.maximumLesions,
                        1 + random.negativeBinomial(mean: p.extraLesionMean, dispersion: p.countDispersion))
        var out: [Lesion] = []
        for _ in 0..<count {
            if let l = lesion(label: label, count: count, factors: factors, avoiding: out, random: &random) {
                out.append(l)
            }
        }
        return out
    }

    /// The lesions of a follow-up study: each lesion regrows or shrinks, a few new ones appear.
    func followUp(of lesions: [Lesion], label: PrimarySite, factors: PatientFactors,
                  random: inout SplitMix64) -> [Lesion] {
        var out = lesions.map { l -> Lesion in
            var l = l
            l.diameter = max(2.5, min(55, l.diameter * random.logNormal(median: 1.0, sigma: 0.3)))
            l.oedemaRatio = max(1.05, l.oedemaRatio * random.logNormal(median: 0.9, sigma: 0.2))
            return l
        }
        let new = min(PatientEffects.maximumLesions - out.count, random.poisson(0.6))
        for _ in 0..<max(0, new) {
            if let l = lesion(label: label, count: out.count + 1, factors: factors, avoiding: out, random: &random) {
                out.append(l)
            }
        }
        return out
    }

    private func lesion(label: PrimarySite, count: Int, factors: PatientFactors, avoiding others: [Lesion],
                        random: inout SplitMix64) -> Lesion? {
        let p = label.parameters
        let shrink = pow(Double(count), PatientEffects.diameterCountExponent)
        let diameter = max(2.5, min(55, random.logNormal(median: p.diameterMedian * shrink, sigma: p.diameterSigma)))
        let radius = diameter / 2
        // Region first, then a junction voxel inside it (rejection sampling).
        let infra = random.bernoulli(p.infratentorialShare)
        let w = p.territoryWeights
        let wanted: BrainRegion = infra ? .infratentorial : [.aca, .mca, .pca][random.choice(weights: [w.aca, w.mca, w.pca])]
        guard !atlas.junction.isEmpty else { return nil }
        var centre: Point3?
        var cortical = 0.5
        for attempt in 0..<600 {
            let v = Int(atlas.junction[random.moduloIndex(below: atlas.junction.count)])
            let pos = atlas.position(ofVoxel: v) + Point3(random.uniform(-0.5, 0.5), random.uniform(-0.5, 0.5),
                                                          random.uniform(-0.5, 0.5)) * atlas.spacing
            // After many failures accept any region rather than loop forever on a small atlas.
            if attempt < 400, BrainRegion.of(pos) != wanted { continue }
            let gm = Double(atlas.value(.gm, voxel: v)), wm = Double(atlas.value(.wm, voxel: v))
            let gmShare = gm / max(gm + wm, 1)
            // Cortical preference: melanoma seeds more superficially.
            if !random.bernoulli((1 - p.corticalPreference) + p.corticalPreference * gmShare) { continue }
            let clash = others.contains { o in
                let d = o.centre - pos
                return (d * d).sum().squareRoot() < 0.9 * (o.radius + radius) + 2
            }
            if clash, attempt < 500 { continue }
            centre = pos
            cortical = gmShare
            break
        }
        guard let centre else { return nil }
        // Necrosis needs size: small metastases are solid whatever their origin.
        let sizeFactor = 1 / (1 + exp(-(diameter - 10) / 3))
        let u = random.unit()
        let ringP = p.ringProbability * sizeFactor
        let cysticP = p.cysticProbability * (1 / (1 + exp(-(diameter - 7) / 2)))
        let morphology: Morphology = u < ringP ? .ring : (u < ringP + cysticP ? .cystic : .solid)
        let core: Double
        switch morphology {
        case .solid: core = 0
        case .ring: core = random.uniform(0.35, 0.72)
        case .cystic: core = random.uniform(0.72, 0.88)
        }
        let haemorrhage = random.bernoulli(p.haemorrhageProbability) ? random.uniform(0.3, 1.0) : 0
        let enhancement = max(0.25, random.normal(p.enhancementMean, p.enhancementSD) * factors.contrast)
        let heterogeneity = max(0, min(1, random.normal(p.heterogeneityMean, 0.15)))
        let oedema = max(1.05, 1 + (random.logNormal(median: p.oedemaRatioMedian, sigma: p.oedemaSigma) - 1) * factors.oedema)
        let irregularity = max(0, min(0.35, random.normal(p.irregularityMean, 0.05)))
        let axes = Point3(random.uniform(0.85, 1.15), random.uniform(0.85, 1.15), random.uniform(0.85, 1.15))
        let orientation = Self.rotation(random.uniform(0, 6.3), random.uniform(0, 6.3), random.uniform(0, 6.3))
        return Lesion(centre: centre, diameter: diameter, morphology: morphology, coreFraction: core,
                      enhancement: enhancement, heterogeneity: heterogeneity, haemorrhage: haemorrhage,
                      oedemaRatio: oedema, irregularity: irregularity, region: BrainRegion.of(centre),
                      corticalFraction: cortical, axes: axes, orientation: orientation,
                      texture: LesionTexture(random: &random))
    }

    /// Rotation by Euler angles about x, then y, then z.
    static func rotation(_ a: Double, _ b: Double, _ c: Double) -> Matrix3 {
        let rx = Matrix3(columns: Point3(1, 0, 0), Point3(0, cos(a), sin(a)), Point3(0, -sin(a), cos(a)))
        let ry = Matrix3(columns: Point3(cos(b), 0, -sin(b)), Point3(0, 1, 0), Point3(sin(b), 0, cos(b)))
        let rz = Matrix3(columns: Point3(cos(c), sin(c), 0), Point3(-sin(c), cos(c), 0), Point3(0, 0, 1))
        return rz * ry * rx
    }
}
