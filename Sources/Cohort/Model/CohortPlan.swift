import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// How modality depends on class.
public enum ModalityMix: String, Sendable, CaseIterable {
    /// Table 1's modality-by-class imbalance (Breast nearly all T1 CE, most others FLAIR).
    case paper
    /// Modality independent of class: half T1 CE, half FLAIR, 9 % both, in every class.
    case balanced
}

/// One acquisition to render: a (patient, session, modality) triple with everything fixed.
public struct PlannedStudy: Sendable {
    public var patientID: String
    public var studyID: String
    public var modality: Modality
    public var label: PrimarySite
    public var contoured: Bool
    public var scanner: ScannerProfile
    /// Whether the session has both modalities.
    public var bothModalities: Bool
    /// 1 for the first session, 2 for a follow-up.
    public var session: Int
    /// A control study without any metastasis (`cohort generate --lesion-free`): rendered without
    /// lesions, contoured (with an empty contour) and labelled `none` in the manifest.
    public var lesionFree = false
    /// Index of the patient in generation order (drives the patient's seeds).
    var patientIndex: Int

    /// The manifest's `label`: the class, or `none` for a lesion-free control.
    public var manifestLabel: String { lesionFree ? PrimarySite.lesionFreeLabel : label.rawValue }
}

/// The composition of a cohort: which patients, classes, sessions and modalities.
///
/// Everything here is decided by counting (largest remainder, rounding) and then a seeded
/// shuffle, not by independent coin flips: proportions are then as close to the target as the
/// cohort size allows, even for small N.
public struct CohortPlan: Sendable {
    public var studies: [PlannedStudy]
    public var patients: Int

    /// Share of patients with both modalities in one session (paper: 127 of 1399).
    static let bothShare = 0.09
    /// Share of patients with a second session (paper: 1582 − 1399 − 127 = 56 extra cases).
    static let followUpShare = 0.04
    /// Share of studies in the contoured batch under `balanced` (paper: 284 of 1582).
    static let contouredShare = 0.18

    /// With `lesionFree`, the same plan becomes a control cohort: patients are numbered `C0001…`
    /// (so they never collide with a lesion cohort's `P0001…` when both are used together), every
    /// study is contoured and none has a lesion. Class, scanner and modality are still drawn, so
    /// the controls' acquisitions follow the same mix as a lesion cohort's.
    public init(patients: Int, seed: UInt64, mix: ModalityMix, lesionFree: Bool = false) throws(CohortError) {
        let classes = PrimarySite.allCases
        guard patients >= classes.count else {
            throw .badArgument("--patients \(patients): need at least \(classes.count) patients, one per class")
        }
        guard patients <= 100_000 else { throw .badArgument("--patients \(patients): at most 100000") }
        var counts = largestRemainder(total: patients, weights: classes.map { Double($0.table1Total) })
        // Every class present: take from the largest class for any empty one.
        for c in counts.indices where counts[c] == 0 {
            if let big = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[big] -= 1; counts[c] += 1 }
        }
        var random = SplitMix64(seed: seed, stream: 0xC0_4027)
        struct PatientSpec { var label: PrimarySite; var modalities: [Modality]; var contoured: Bool; var followUp: Bool }
        var specs: [PatientSpec] = []
        for (ci, label) in classes.enumerated() {
            let n = counts[ci]
            let t1Share = mix == .paper ? label.table1T1Share : 0.5
            // Both-modality sessions in proportion to how mixed the class's modalities are
            // (keeps Breast T1 CE); 0.286 is Table 1's case-weighted mean of min(p, 1 − p), so
            // the cohort-wide share stays 9 %.
            let both = mix == .paper ? Self.bothShare / 0.286 * min(t1Share, 1 - t1Share) : Self.bothShare
            let nBoth = Int((both * Double(n)).rounded())
            let single = n - nBoth
            let q = max(0, min(1, (t1Share * (1 + both) - both) / max(1 - both, 1e-9)))
            let nT1 = Int((q * Double(single)).rounded())
            var modalities = [[Modality]](repeating: [.t1ce, .flair], count: nBoth)
            modalities += [[Modality]](repeating: [.t1ce], count: nT1)
            modalities += [[Modality]](repeating: [.flair], count: single - nT1)
            let contouredFraction = mix == .paper ? label.table1ContouredShare : Self.contouredShare
            let nContoured = Int((contouredFraction * Double(n)).rounded())
            var contoured = [Bool](repeating: true, count: nContoured) + [Bool](repeating: false, count: n - nContoured)
            let nFollow = Int((Self.followUpShare * Double(n)).rounded())
            var follow = [Bool](repeating: true, count: nFollow) + [Bool](repeating: false, count: n - nFollow)
            random.shuffle(&modalities)
            random.shuffle(&contoured)
            random.shuffle(&follow)
            for p in 0..<n {
                specs.append(PatientSpec(label: label, modalities: modalities[p], contoured: contoured[p],
                                         followUp: follow[p]))
            }
        }
        // Patient numbers carry no class information.
        random.shuffle(&specs)
        var studies: [PlannedStudy] = []
        let width = max(4, String(patients).count)
        for (pi, spec) in specs.enumerated() {
            let number = String(pi + 1)
            let patientID = (lesionFree ? "C" : "P") + String(repeating: "0", count: width - number.count) + number
            for session in 1...(spec.followUp ? 2 : 1) {
                let scanner = ScannerProfile.allCases[random.choice(weights: ScannerProfile.weights(contoured: spec.contoured))]
                for modality in spec.modalities {
                    studies.append(PlannedStudy(patientID: patientID, studyID: "\(patientID)-S\(session)",
                                                modality: modality, label: spec.label, contoured: spec.contoured || lesionFree,
                                                scanner: scanner, bothModalities: spec.modalities.count == 2,
                                                session: session, lesionFree: lesionFree, patientIndex: pi))
                }
            }
        }
        self.studies = studies
        self.patients = patients
    }
}
