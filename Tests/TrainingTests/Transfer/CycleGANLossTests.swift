import Foundation
import Testing
import Torch
import Training

/// The CycleGAN losses against values worked out by hand, the image pool's behaviour, and the
/// collapse / divergence detector.
@Suite("CycleGAN losses, image pool, training health")
struct CycleGANLossTests {
    func t(_ v: [Float]) throws -> Tensor { try Tensor(v, shape: [1, 1, 1, v.count]) }

    @Test func adversarialIsEq3() throws {
        // 𝔼 (D(G(x)) − 1)²: ((−0.5)² + 0.5² + 1² + (−2)²) / 4 = 5.5 / 4.
        #expect(try CycleGANLoss.adversarial(fakeScore: t([0.5, 1.5, 2, -1])).scalar == 1.375)
    }

    @Test func discriminatorIsEqs5And6() throws {
        // 𝔼 (D(fake) − 0)² + 𝔼 (D(real) − 1)² = (0.25 + 1) / 2 + (0 + 1) / 2 = 1.125.
        let fake = try t([0.5, -1]), real = try t([1, 0])
        #expect(try CycleGANLoss.discriminator(fakeScore: fake, realScore: real).scalar == 1.125)
        #expect(try CycleGANLoss.discriminator(fakeScore: fake, realScore: real, scale: 0.5).scalar == 0.5625)
    }

    @Test func cycleIsEq4SquaredOrReferenceL1() throws {
        let rec = try t([1, 2, 3]), orig = try t([0, 2, 5])
        // Squared: (1 + 0 + 4) / 3; L1: (1 + 0 + 2) / 3.
        #expect(abs(try CycleGANLoss.cycle(reconstructed: rec, original: orig, distance: .squared).scalar - 5.0 / 3) < 1e-6)
        #expect(try CycleGANLoss.cycle(reconstructed: rec, original: orig, distance: .l1).scalar == 1)
    }

    @Test func pairedTermIsMeanAbsoluteErrorToThePairedSlice() throws {
        // |0.5 − 0| + |−1 − 1| + |0 − 0| over 3 = 2.5 / 3.
        let value = try CycleGANLoss.paired(fake: t([0.5, -1, 0]), pairedTarget: t([0, 1, 0])).scalar
        #expect(abs(value - 2.5 / 3) < 1e-6)
    }

    @Test func optionsWrittenBeforeThePairedTermDecodeWithItOff() throws {
        let old = #"{"lambdaCycle": 10, "cycleDistance": "l1", "identityWeight": 0.5, "discriminatorScale": 0.5}"#
        let o = try JSONDecoder().decode(CycleGANLossOptions.self, from: Data(old.utf8))
        #expect(o.cycleDistance == .l1 && o.identityWeight == 0.5 && o.discriminatorScale == 0.5 && o.pairedWeight == 0)
        let missingRequired = #"{"lambdaCycle": 10}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CycleGANLossOptions.self, from: Data(missingRequired.utf8)) }
    }

    @Test func defaultsAreThePapers() {
        let o = CycleGANTrainingOptions()
        #expect(o.loss.pairedWeight == 0 && CycleGANTrainingOptions.paper.loss.pairedWeight == 0)
        // Only the demo preset supervises with the pairs (docs/transfer.md).
        #expect(CycleGANTrainingOptions.demo.loss.pairedWeight == 50)
        #expect(o.loss.lambdaCycle == 10 && o.loss.cycleDistance == .squared && o.loss.identityWeight == 0)
        #expect(o.learningRate == 1e-4 && o.beta1 == 0.5 && o.batchSize == 1 && o.maxEpochs == 50 && o.poolSize == 50)
    }

    @Test func poolFillsThenSwapsAboutHalfTheTimeDeterministically() throws {
        func run(seed: UInt64) throws -> [Float] {
            let pool = ImagePool(capacity: 3, seed: seed)
            var out: [Float] = []
            for step in 0..<200 { out.append(try pool.query(Tensor([Float(step)], shape: [1]), step: step).scalar.float) }
            return out
        }
        let a = try run(seed: 7)
        #expect(Array(a.prefix(3)) == [0, 1, 2])  // filling: the new image itself
        let fromHistory = a.enumerated().dropFirst(3).filter { Int($0.element) != $0.offset }.count
        #expect(fromHistory > 70 && fromHistory < 130, "\(fromHistory) of 197 from the pool")
        // Every returned history image is an earlier one, never a future one.
        #expect(a.enumerated().allSatisfy { Int($0.element) <= $0.offset })
        #expect(try run(seed: 7) == a)
        #expect(try run(seed: 8) != a)
        let none = ImagePool(capacity: 0, seed: 1)
        #expect(try none.query(Tensor([Float(5)], shape: [1]), step: 0).scalar == 5)
    }

    @Test func healthStopsOnNonFiniteAndOnAStuckDiscriminator() {
        #expect(TrainingHealth.check(step: ["cycle": 1, "discriminator FLAIR": .nan]) == .nonFinite(loss: "discriminator FLAIR"))
        #expect(TrainingHealth.check(step: ["cycle": .infinity]) == .nonFinite(loss: "cycle"))
        #expect(TrainingHealth.check(step: ["cycle": 1]) == .healthy)
        var h = TrainingHealth(threshold: 1e-3, patience: 3)
        #expect(h.record(epoch: ["D1": 0.4, "D2": 0.3]) == .healthy)
        #expect(h.record(epoch: ["D1": 1e-4, "D2": 0.3]) == .suspicious(epochs: 1))
        #expect(h.record(epoch: ["D1": 0.2, "D2": 0.3]) == .healthy)  // recovered: the streak restarts
        #expect(h.record(epoch: ["D1": 1e-4, "D2": 0.3]) == .suspicious(epochs: 1))
        #expect(h.record(epoch: ["D1": 5e-4, "D2": 0.3]) == .suspicious(epochs: 2))
        #expect(h.record(epoch: ["D1": 2e-4, "D2": 0.3]) == .collapsed(discriminator: "D1", epochs: 3))
        var g = TrainingHealth(threshold: 1e-3, patience: 3)
        #expect(g.record(epoch: ["D1": .nan]) == .nonFinite(loss: "D1"))
    }
}

private extension Double { var float: Float { Float(self) } }
