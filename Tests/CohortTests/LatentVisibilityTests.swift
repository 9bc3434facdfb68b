import Foundation
import Statistics
import Testing
@testable import Cohort
import MedicalIO
import Vocabulary

/// `LatentFeatures.shown(by:)` must say what the renderer really does, and the acquired-modality
/// ceiling must lose exactly what the hidden features carried.
@Suite struct LatentVisibilityTests {
    @Test func flairHidesEnhancementAndTextureAmplitudeOnly() {
        let hidden = zip(LatentFeatures.names, LatentFeatures.shown(by: .flair)).filter { !$1 }.map(\.0)
        #expect(hidden == ["mean_enhancement", "mean_heterogeneity"])
        #expect(LatentFeatures.shown(by: .t1ce).allSatisfy { $0 })
        #expect(LatentFeatures.shown(byAny: [.flair, .t1ce]).allSatisfy { $0 })
        #expect(LatentFeatures.shown(byAny: []).allSatisfy { !$0 })
    }

    /// Renders the same study with its lesions' enhancement and texture amplitude changed: the
    /// FLAIR image must not move, the T1 CE image must; changing the blood moves both.
    @Test func rendererAgreesWithTheVisibilityTable() throws {
        let options = CohortFixture.options("/unused", patients: 5, spacing: Spacing(4, 4, 4))
        let plan = try CohortPlan(patients: 5, seed: options.seed, mix: .paper)
        let (anatomies, lesions) = CohortGenerator.drawPatients(plan, seed: options.seed, atlas: CohortFixture.atlas)
        let study = plan.studies.max { (lesions[$0.studyID]?.count ?? 0) < (lesions[$1.studyID]?.count ?? 0) }!
        let original = lesions[study.studyID] ?? []
        #expect(!original.isEmpty)
        func image(_ modality: Modality, _ change: (inout Lesion) -> Void) throws -> [Int16] {
            var s = study
            s.modality = modality
            let changed = original.map { l -> Lesion in var l = l; change(&l); return l }
            let job = CohortGenerator.StudyJob(index: 0, study: s, anatomy: anatomies[s.patientIndex]!, lesions: changed)
            return try CohortGenerator.renderStudy(job, options: options, atlas: CohortFixture.atlas, parallel: false)
                .0.image.voxels
        }
        let enhancement: (inout Lesion) -> Void = { $0.enhancement *= 1.6 }
        let texture: (inout Lesion) -> Void = { $0.heterogeneity = 1 - $0.heterogeneity }
        let blood: (inout Lesion) -> Void = { $0.haemorrhage = $0.haemorrhage > 0 ? 0 : 1 }
        let unchanged: (inout Lesion) -> Void = { _ in }
        for hidden in [enhancement, texture] {
            #expect(try image(.flair, hidden) == image(.flair, unchanged))
            #expect(try image(.t1ce, hidden) != image(.t1ce, unchanged))
        }
        #expect(try image(.flair, blood) != image(.flair, unchanged))
    }

    /// A class decided by enhancement alone: the latent oracle finds it; with every study
    /// FLAIR-only the acquired-modality oracle cannot, and with T1 CE it can.
    @Test func acquiredCeilingLosesWhatTheHiddenFeatureCarried() {
        var random = SplitMix64(seed: 5, stream: 1)
        let enhancement = LatentFeatures.names.firstIndex(of: "mean_enhancement")!
        var x: [[Double]] = [], y: [Int] = [], g: [String] = []
        for i in 0..<250 {
            let label = i % 5
            var row = LatentFeatures.names.map { _ in random.normal() }
            row[enhancement] = Double(label) + 0.3 * random.normal()
            x.append(row); y.append(label); g.append("P\(i)")
        }
        let flairOnly = CohortCeiling(features: x, labels: y, groups: g, acquired: x.map { _ in [.flair] })
        let t1ce = CohortCeiling(features: x, labels: y, groups: g, acquired: x.map { _ in [.t1ce] })
        #expect(flairOnly.latent.macroAUC > 0.9)
        #expect(flairOnly.acquired.macroAUC < 0.62, "\(flairOnly.acquired.macroAUC)")
        #expect(abs(t1ce.acquired.macroAUC - t1ce.latent.macroAUC) < 1e-9)
    }

    @Test func hiddenValuesBecomeTheMeanOfTheRowsThatShowThem() {
        let e = LatentFeatures.names.firstIndex(of: "mean_enhancement")!
        var a = [Double](repeating: 1, count: LatentFeatures.names.count), b = a, c = a
        a[e] = 2; b[e] = 4; c[e] = 100
        let out = CohortCeiling.hidingUnshown([a, b, c], acquired: [[.t1ce], [.t1ce, .flair], [.flair]])
        #expect(out[2][e] == 3)
        #expect(out[0][e] == 2 && out[1][e] == 4)
        // One pattern of hidden features (FLAIR-only) → one indicator column.
        #expect(out.map { $0.count } == [13, 13, 13])
        #expect(out.map { $0.last! } == [0, 0, 1])
    }

    @Test func cohortFolderCeilingNeedsEnoughPatients() throws {
        let out = CohortFixture.scratch("ceiling")
        try "patient_id,study_id,modality,label\nP1,P1-S1,t1ce,lung\n".write(toFile: out + "/manifest.csv", atomically: true, encoding: .utf8)
        try ("patient_id,study_id,label,contoured," + LatentFeatures.names.joined(separator: ",") + "\nP1,P1-S1,lung,0,"
            + LatentFeatures.names.map { _ in "0" }.joined(separator: ",") + "\n")
            .write(toFile: out + "/latent.csv", atomically: true, encoding: .utf8)
        #expect { try CohortCeiling(directory: out) } throws: { ($0 as? CohortError)?.description.contains(out) == true
            && "\($0)".contains("too few sessions") }
        #expect { try CohortCeiling(directory: out + "/missing") } throws: {
            ($0 as? CohortError)?.description.contains(out + "/missing/manifest.csv") == true }
        // A study in latent.csv without an acquired image in manifest.csv is named.
        try "patient_id,study_id,modality,label\n".write(toFile: out + "/manifest.csv", atomically: true, encoding: .utf8)
        #expect { try CohortCeiling(directory: out) } throws: { "\($0)".contains("P1-S1") && "\($0)".contains("manifest.csv") }
    }
}
