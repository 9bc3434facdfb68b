import Foundation

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

/// How well a synthetic cohort's primary site can be predicted, as references for a model
/// trained on its images:
///
/// - **latent**: the oracle on every latent feature of each session (what the cohort's classes
///   were drawn from);
/// - **acquired**: the same, but each session keeps only the features its *acquired* modalities
///   render (`LatentFeatures.shown(byAny:)`). A classifier sees a FLAIR-only study's enhancement
///   nowhere, not even through a synthesised T1 CE (synthesis adds no information about the
///   patient), so this is the tighter ceiling for an image-based model.
///
/// Both are noiseless: the images carry the features only through partial volume, noise and
/// resolution, so a model trained on the images should expect to stay below `acquired`.
public struct CohortCeiling: Sendable {
    public var latent: Oracle.Result
    public var acquired: Oracle.Result

    /// Computes both ceilings. `acquired[i]` holds the modalities really acquired for row `i`
    /// (never a synthesised one); `foldOfRow` as in `Oracle.evaluate`. `singleFeatures` adds the
    /// single-feature AUCs to `latent`.
    public init(features x: [[Double]], labels y: [Int], groups: [String], acquired: [Set<Modality>],
                folds: Int = 5, seed: UInt64 = 1, foldOfRow: [Int]? = nil, singleFeatures: Bool = false) {
        latent = Oracle.evaluate(features: x, labels: y, groups: groups, folds: folds, seed: seed,
                                 singleFeatures: singleFeatures, foldOfRow: foldOfRow)
        self.acquired = Oracle.evaluate(features: Self.hidingUnshown(x, acquired: acquired), labels: y, groups: groups,
                                        folds: folds, seed: seed, singleFeatures: false, foldOfRow: foldOfRow)
    }

    /// Replaces each feature a row's modalities do not render with that feature's mean over the
    /// rows that do render it (label-free, so no class information leaks in), and appends one
    /// indicator column per pattern of hidden features, so the regression can tell an imputed
    /// value from a measured one.
    static func hidingUnshown(_ x: [[Double]], acquired: [Set<Modality>]) -> [[Double]] {
        let shown = acquired.map { LatentFeatures.shown(byAny: $0) }
        let d = x.first?.count ?? 0
        var means = [Double](repeating: 0, count: d)
        for f in 0..<d {
            let values = x.indices.filter { shown[$0][f] }.map { x[$0][f] }
            means[f] = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        let patterns = Array(Set(shown.filter { $0.contains(false) })).sorted { $0.lexicographicallyPrecedes($1) { !$0 && $1 } }
        return x.indices.map { i in
            var row = (0..<d).map { f in shown[i][f] ? x[i][f] : means[f] }
            row += patterns.map { shown[i] == $0 ? 1 : 0 }
            return row
        }
    }

    /// The ceilings of a cohort folder written by `metorigin cohort generate`, from its
    /// latent.csv and the modalities its manifest.csv lists for each session. `studies`, when
    /// given, keeps those sessions only (a cross-validation's studies); `foldOfStudy`, when given,
    /// scores on those folds (every kept study must have one).
    public init(directory: String, studies: Set<String>? = nil, foldOfStudy: [String: Int]? = nil) throws(CohortError) {
        let manifest = try CohortDescription.table(directory + "/manifest.csv")
        let latent = try CohortDescription.table(directory + "/latent.csv")
        var acquiredOf: [String: Set<Modality>] = [:]
        for r in manifest {
            // A manifest filled by modality transfer marks synthesised images; they were not acquired.
            guard let id = r["study_id"], let m = Modality(rawValue: r["modality"] ?? ""), r["synthetic"] != "1"
            else { continue }
            acquiredOf[id, default: []].insert(m)
        }
        var x: [[Double]] = [], y: [Int] = [], g: [String] = [], acquired: [Set<Modality>] = [], folds: [Int] = []
        for r in latent {
            guard let id = r["study_id"], studies?.contains(id) ?? true,
                  let label = CohortLabel(rawValue: r["label"] ?? "") else { continue }
            let v = LatentFeatures.names.compactMap { Double(r[$0] ?? "") }
            guard v.count == LatentFeatures.names.count else {
                throw .input(path: directory + "/latent.csv", reason: "row of \(id) lacks a numeric latent feature")
            }
            if let foldOfStudy {
                guard let f = foldOfStudy[id] else {
                    throw .input(path: directory + "/latent.csv", reason: "study \(id) has no fold")
                }
                folds.append(f)
            }
            x.append(v); y.append(label.index); g.append(r["patient_id"] ?? id); acquired.append(acquiredOf[id] ?? [])
        }
        guard Set(g).count >= CohortDescription.oracleMinimumPatients,
              CohortLabel.allCases.allSatisfy({ c in y.filter { $0 == c.index }.count >= 5 }) else {
            throw .input(path: directory + "/latent.csv", reason: "too few sessions for a ceiling (needs ≥ "
                + "\(CohortDescription.oracleMinimumPatients) patients and ≥ 5 sessions per class)")
        }
        self.init(features: x, labels: y, groups: g, acquired: acquired, foldOfRow: foldOfStudy == nil ? nil : folds)
    }
}
