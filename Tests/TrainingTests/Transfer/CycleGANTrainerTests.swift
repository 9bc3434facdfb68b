import Foundation
import Models
import Testing
import Torch
import Training

/// The CycleGAN trainer on a tiny in-process cohort of constructed slices: the cycle loss
/// falls, resume is bit-identical, and divergence or collapse stop the run with the last good
/// model named.
@Suite("CycleGAN trainer")
struct CycleGANTrainerTests {
    static let config = TransferNetworkConfig(generatorWidth: 4, residualBlocks: 1, discriminatorWidth: 4, sliceSize: 32)
    static let grid = TransferGrid(sliceSize: 32, slices: 4, pixelSpacing: 2, sliceSpacing: 4)

    /// A head-like disc with a bright or dark lesion: T1 CE grey matter 0.2, lesion bright;
    /// FLAIR the inverse contrast (dark tissue, bright lesion), as the two modalities differ.
    static func patient(_ id: Int, poison: Bool = false) -> TransferPatient {
        let s = 32
        var t1: [Float] = [], fl: [Float] = []
        for k in 0..<grid.slices {
            let r = 10 + Double((id + k) % 4), lx = 12 + (id * 3 + k) % 8, ly = 14 + (id + 2 * k) % 6
            for y in 0..<s {
                for x in 0..<s {
                    let head = hypot(Double(x) - 15.5, Double(y) - 15.5) < r
                    let lesion = hypot(Double(x - lx), Double(y - ly)) < 3
                    t1.append(!head ? -1 : (lesion ? 0.9 : 0.2))
                    fl.append(!head ? -1 : (lesion ? 0.8 : -0.3))
                }
            }
        }
        if poison { t1[0] = .nan }
        return TransferPatient(patientID: "P\(id)", studyID: "P\(id)-S1", t1cePath: "p\(id)/t1ce.nii.gz",
                               flairPath: "p\(id)/flair.nii.gz", t1ce: t1, flair: fl, t1ceScale: 1, flairScale: 1,
                               slices: Array(0..<grid.slices),
                               pairs: (0..<grid.slices).map { SlicePair(t1ce: $0, flair: $0) }, grid: grid)
    }

    static func options(epochs: Int) -> CycleGANTrainingOptions {
        var o = CycleGANTrainingOptions()
        o.maxEpochs = epochs
        o.learningRate = 2e-3
        o.poolSize = 4
        o.sampleEvery = 1
        o.seed = 5
        return o
    }

    static func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "metorigin-cyclegan-\(name)-\(UUID().uuidString)"
        return path
    }

    @Test func aFewEpochsLowerTheCycleLoss() throws {
        let dir = Self.folder("learn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try CycleGANTrainer(config: Self.config, options: Self.options(epochs: 4), folder: dir)
        var epochs: [TransferEpochLosses] = []
        try trainer.train(training: [Self.patient(0), Self.patient(1)], validation: [Self.patient(2)]) { event in
            if case .epochFinished(let s) = event { epochs.append(s.metrics.losses) }
        }
        #expect(epochs.count == 4)
        #expect(epochs.last!.cycle < 0.5 * epochs.first!.cycle, "\(epochs.map(\.cycle))")
        #expect(epochs.last!.validationCycle < epochs.first!.validationCycle, "\(epochs.map(\.validationCycle))")
        #expect(epochs.allSatisfy { $0.discriminatorFlair > 0 && $0.discriminatorT1ce > 0 })
        #expect(FileManager.default.fileExists(atPath: dir + "/model.safetensors"))
        #expect(FileManager.default.fileExists(atPath: dir + "/samples/epoch-004.png"))
        #expect(try String(contentsOfFile: dir + "/history.csv", encoding: .utf8).split(separator: "\n").count == 5)
    }

    @Test func pairedTermIsLoggedAndPullsFakesTowardsTheirPairs() throws {
        func run(pairedWeight: Double) throws -> [TransferEpochLosses] {
            var o = Self.options(epochs: 3)
            o.loss.pairedWeight = pairedWeight
            let trainer = try CycleGANTrainer(config: Self.config, options: o, folder: nil)
            var epochs: [TransferEpochLosses] = []
            try trainer.train(training: [Self.patient(0), Self.patient(1)], validation: [Self.patient(2)]) { event in
                if case .epochFinished(let s) = event { epochs.append(s.metrics.losses) }
            }
            return epochs
        }
        let off = try run(pairedWeight: 0), on = try run(pairedWeight: 10)
        #expect(off.allSatisfy { $0.paired == 0 })
        #expect(on.allSatisfy { $0.paired > 0 })
        #expect(on.last!.paired < on.first!.paired, "\(on.map(\.paired))")
        // Same seed and data: only the paired term differs, and it brings the fakes closer to
        // the real paired slices than the unpaired objective does in the same steps.
        #expect(on.last!.validationPairedMAE < off.last!.validationPairedMAE,
                "\(on.map(\.validationPairedMAE)) vs \(off.map(\.validationPairedMAE))")
    }

    @Test func resumeIsBitIdentical() throws {
        let straight = Self.folder("straight"), split = Self.folder("split")
        defer { for d in [straight, split] { try? FileManager.default.removeItem(atPath: d) } }
        let data = [Self.patient(0), Self.patient(1)]
        let a = try CycleGANTrainer(config: Self.config, options: Self.options(epochs: 2), folder: straight)
        try a.train(training: data, validation: [Self.patient(2)])
        let b1 = try CycleGANTrainer(config: Self.config, options: Self.options(epochs: 1), folder: split)
        try b1.train(training: data, validation: [Self.patient(2)])
        let b2 = try CycleGANTrainer(config: Self.config, options: Self.options(epochs: 2), folder: split)
        var resumedFrom: Int?
        try b2.train(training: data, validation: [Self.patient(2)], resume: true) { event in
            if case .resumed(let e) = event { resumedFrom = e }
        }
        #expect(resumedFrom == 1)
        let sa = a.model.stateDict(), sb = b2.model.stateDict()
        for key in sa.keys.sorted() {
            #expect(try sa[key]!.toArray(Float.self) == sb[key]!.toArray(Float.self), "\(key)")
        }
        // Changed options are refused rather than silently mixed.
        var other = Self.options(epochs: 3)
        other.learningRate = 1e-3
        let c = try CycleGANTrainer(config: Self.config, options: other, folder: split)
        #expect(throws: TrainingError.self) { try c.train(training: data, validation: [], resume: true) }
    }

    @Test func nonFiniteLossStopsWithAClearMessage() throws {
        let trainer = try CycleGANTrainer(config: Self.config, options: Self.options(epochs: 2), folder: nil)
        let error = #expect(throws: TrainingError.self) {
            try trainer.train(training: [Self.patient(0, poison: true)], validation: [])
        }
        #expect(error?.description.contains("non-finite at epoch 1") == true, "\(String(describing: error))")
    }

    @Test func aDiscriminatorStuckNearZeroStopsTheRun() throws {
        var o = Self.options(epochs: 5)
        o.collapseThreshold = 1e9  // every epoch counts as "near zero"
        o.collapseEpochs = 2
        let dir = Self.folder("collapse")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try CycleGANTrainer(config: Self.config, options: o, folder: dir)
        var finished = 0
        let error = #expect(throws: TrainingError.self) {
            try trainer.train(training: [Self.patient(0)], validation: []) { event in
                if case .epochFinished = event { finished += 1 }
            }
        }
        #expect(finished == 2)
        #expect(error?.description.contains("mode collapse") == true, "\(String(describing: error))")
        // No epoch was healthy, so no model was kept.
        #expect(!FileManager.default.fileExists(atPath: dir + "/model.safetensors"))
    }
}
