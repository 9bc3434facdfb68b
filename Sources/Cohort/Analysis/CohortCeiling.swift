import Foundation
import Vocabulary

/// How well a synthetic cohort's primary site can be predicted from its generator's latent
/// lesion features: references for a model trained on its images.
///
/// - **latent**: the oracle on every latent feature of each session (what the cohort's classes
///   were drawn from);
/// - **acquired**: the same, but each session keeps only the features its *acquired* modalities
///   render (`LatentFeatures.shown(byAny:)`), plus which modalities were acquired (an image model
///   knows that too). A classifier sees a FLAIR-only study's enhancement nowhere, not even through
///   a synthesised T1 CE (synthesis adds no information about the patient).
///
/// Both assume every feature is known without noise, which the images do not give (partial
/// volume, noise, a 2 mm grid: docs/decisions.md), so they are generous references rather than
/// bounds. With a modality mix that depends on the class (the paper's), `acquired` can even
/// exceed `latent`, because the acquisition itself carries class information.
public struct CohortCeiling: Sendable {
    /// The oracle on all latent features.
    public var latent: Oracle.Result
    /// The oracle on the features the acquired modalities render, with the acquisition pattern.
    public var acquired: Oracle.Result

    /// Computes both. `acquired[i]` holds the modalities really acquired for row `i` (never a
    /// synthesised one); `foldOfRow` as in `Oracle.evaluate`. `singleFeatures` adds the
    /// single-feature AUCs to `latent`. The arrays must have one entry per row.
    public init(features x: [[Double]], labels y: [Int], groups: [String], acquired: [Set<Modality>],
                folds: Int = 5, seed: UInt64 = 1, foldOfRow: [Int]? = nil, singleFeatures: Bool = false) {
        precondition(acquired.count == x.count, "CohortCeiling: \(acquired.count) modality sets for \(x.count) rows")
        latent = Oracle.evaluate(features: x, labels: y, groups: groups, folds: folds, seed: seed,
                                 singleFeatures: singleFeatures, foldOfRow: foldOfRow)
        self.acquired = Oracle.evaluate(features: Self.hidingUnshown(x, acquired: acquired), labels: y, groups: groups,
                                        folds: folds, seed: seed, singleFeatures: false, foldOfRow: foldOfRow)
    }

    /// The modalities acquired for each session of a manifest table, by study id. A manifest
    /// filled by modality transfer marks synthesised images (`synthetic` = 1); they were not acquired.
    static func acquiredModalities(_ manifest: [[String: String]]) -> [String: Set<Modality>] {
        var acquired: [String: Set<Modality>] = [:]
        for r in manifest {
            guard let id = r["study_id"], let m = Modality(rawValue: r["modality"] ?? ""), r["synthetic"] != "1"
            else { continue }
            acquired[id, default: []].insert(m)
        }
        return acquired
    }

    /// Whether an oracle means anything on these sessions: below ~50 patients, or with a class of
    /// fewer than 5 sessions, fold-wise AUCs are noise.
    static func enoughSessions(labels y: [Int], groups: [String]) -> Bool {
        Set(groups).count >= CohortDescription.oracleMinimumPatients
            && PrimarySite.allCases.allSatisfy { c in y.filter { $0 == c.index }.count >= 5 }
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

    /// The references of a cohort folder written by `metorigin cohort generate`, from its
    /// latent.csv and the modalities its manifest.csv lists for each session (synthesised rows
    /// excluded). `studies`, when given, are the sessions to use, each with its expected label
    /// (a cross-validation's studies): one missing from either file, or labelled otherwise,
    /// is an error naming the file, so a wrong folder cannot pass for the right one.
    /// `foldOfStudy`, when given, scores on those folds (every study must have one).
    public init(directory: String, studies: [String: String]? = nil, foldOfStudy: [String: Int]? = nil) throws(CohortError) {
        let manifestPath = directory + "/manifest.csv", latentPath = directory + "/latent.csv"
        let manifest = try CohortDescription.table(manifestPath)
        let latent = try CohortDescription.table(latentPath)
        let acquiredOf = Self.acquiredModalities(manifest)
        var x: [[Double]] = [], y: [Int] = [], g: [String] = [], acquired: [Set<Modality>] = [], folds: [Int] = []
        var found = Set<String>()
        for r in latent {
            guard let id = r["study_id"], studies?[id] != nil || studies == nil,
                  let label = PrimarySite(rawValue: r["label"] ?? "") else { continue }
            if let expected = studies?[id], expected != label.rawValue {
                throw .input(path: latentPath, reason: "study \(id) is labelled \(label.rawValue) here but \(expected) "
                    + "in the predictions: is this the cohort they came from?")
            }
            let v = LatentFeatures.names.compactMap { Double(r[$0] ?? "") }
            guard v.count == LatentFeatures.names.count, v.allSatisfy(\.isFinite) else {
                throw .input(path: latentPath, reason: "the row of \(id) lacks a finite value for some latent feature")
            }
            guard let modalities = acquiredOf[id] else {
                throw .input(path: manifestPath, reason: "study \(id) of latent.csv has no acquired image here")
            }
            if let foldOfStudy {
                guard let f = foldOfStudy[id] else { throw .badArgument("study \(id) has no fold") }
                folds.append(f)
            }
            found.insert(id)
            x.append(v); y.append(label.index); g.append(r["patient_id"] ?? id); acquired.append(modalities)
        }
        if let studies {
            let missing = Set(studies.keys).subtracting(found).sorted()
            if let first = missing.first {
                throw .input(path: latentPath, reason: "\(missing.count) of the \(studies.count) studies are not in it "
                    + "(first: \(first)): is this the cohort the predictions came from?")
            }
        }
        guard Self.enoughSessions(labels: y, groups: g) else {
            throw .badArgument("\(directory): too few sessions for a ceiling (needs ≥ "
                + "\(CohortDescription.oracleMinimumPatients) patients and ≥ 5 sessions per class; has \(Set(g).count) "
                + "patients)")
        }
        self.init(features: x, labels: y, groups: g, acquired: acquired, foldOfRow: foldOfStudy == nil ? nil : folds)
    }
}
