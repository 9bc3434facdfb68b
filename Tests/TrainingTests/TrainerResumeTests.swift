import Foundation
import MedicalIO
import Models
import Statistics
import Testing
import Torch
@testable import Training
import Vocabulary

/// Training two epochs straight and training one, stopping, and resuming for the second must give
/// bit-identical weights on the CPU.
@Suite struct TrainerResumeTests {
    static let config = ClassifierConfig(inputSize: [8, 16, 16], spacing: [4, 4, 4], stemWidth: 4,
                                         blockWidths: [4, 4, 4, 4, 4], groups: 2, hiddenWidth: 8, dropout: 0.3)

    static func samples() -> [ClassificationSample] {
        var rng = SplitMix64(seed: 9)
        let n = 8 * 16 * 16
        return (0..<20).map { i in
            let label = i % 5
            let t1 = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) + Float(label) * 0.2 }
            let fl = i % 3 == 0 ? nil : (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
            return ClassificationSample(studyID: "s\(i)", patientID: "p\(i)", site: PrimarySite.allCases[label], scanner: "x", t1ce: t1, flair: fl,
                                        probability: nil, t1ceState: .real, flairState: fl == nil ? .missing : .real)
        }
    }

    static func options(epochs: Int) -> ClassifierTrainingOptions {
        var o = ClassifierTrainingOptions.demo
        o.maxEpochs = epochs
        o.batchSize = 4
        o.seed = 42
        return o
    }

    static func weights(_ t: ClassifierTrainer) throws -> [Float] {
        try t.model.namedParameters().sorted { $0.key < $1.key }.flatMap { try $0.parameter.value.toArray(Float.self) }
    }

    @Test func resumeIsBitIdentical() throws {
        Torch.threads = 1
        defer { Torch.threads = ProcessInfo.processInfo.activeProcessorCount }
        let data = Self.samples()
        let train = Array(0..<16), val = Array(16..<20)
        let cfg = Self.config.ablated(usesProbabilityMap: false)
        let root = NSTemporaryDirectory() + "metorigin-resume-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }

        let straight = try ClassifierTrainer(config: cfg, options: Self.options(epochs: 2), checkpointFolder: root + "/a")
        try straight.train(samples: data, training: train, validation: val)
        // Compare the last-epoch state, not the best-epoch weights the trainer restores.
        let a = try ClassifierTrainer(config: cfg, options: Self.options(epochs: 2))
        try Checkpoint.load(from: root + "/a/last.safetensors", model: a.model, globalRNG: false)

        let first = try ClassifierTrainer(config: cfg, options: Self.options(epochs: 1), checkpointFolder: root + "/b")
        try first.train(samples: data, training: train, validation: val)
        let resumed = try ClassifierTrainer(config: cfg, options: Self.options(epochs: 2), checkpointFolder: root + "/b")
        var sawResume = false
        try resumed.train(samples: data, training: train, validation: val, resume: true) { e in
            if case .resumed(let epoch) = e { sawResume = epoch == 1 }
        }
        #expect(sawResume)
        let b = try ClassifierTrainer(config: cfg, options: Self.options(epochs: 2))
        try Checkpoint.load(from: root + "/b/last.safetensors", model: b.model, globalRNG: false)
        #expect(try Self.weights(a) == Self.weights(b))
        #expect(try Self.weights(a) != Self.weights(ClassifierTrainer(config: cfg, options: Self.options(epochs: 2))))
    }

    @Test func predictionsAreProbabilities() throws {
        let data = Self.samples()
        let t = try ClassifierTrainer(config: Self.config.ablated(usesProbabilityMap: false), options: Self.options(epochs: 1))
        let p = try t.predict(samples: data, indices: Array(0..<6))
        #expect(p.count == 6)
        for row in p { #expect(row.count == 5 && abs(row.reduce(0, +) - 1) < 1e-5) }
    }
}
