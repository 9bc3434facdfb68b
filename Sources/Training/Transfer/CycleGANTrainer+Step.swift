import Foundation
import Models
import Torch

/// One step's losses (plain numbers, for logging and the health check).
struct CycleGANStepLosses {
    var g1 = 0.0, g2 = 0.0, cycle = 0.0, identity = 0.0, paired = 0.0, objective = 0.0, dFlair = 0.0, dT1ce = 0.0

    var named: [String: Double] {
        ["generator T1 CE → FLAIR": g1, "generator FLAIR → T1 CE": g2, "cycle": cycle, "identity": identity,
         "paired": paired, "discriminator FLAIR": dFlair, "discriminator T1 CE": dT1ce]
    }

    func accumulate(into e: inout TransferEpochLosses) {
        e.generatorT1ceToFlair += g1
        e.generatorFlairToT1ce += g2
        e.cycle += cycle
        e.identity += identity
        e.paired += paired
        e.generatorObjective += objective
        e.discriminatorFlair += dFlair
        e.discriminatorT1ce += dT1ce
    }
}

extension TransferEpochLosses {
    mutating func scale(_ f: Double) {
        generatorT1ceToFlair *= f; generatorFlairToT1ce *= f; cycle *= f; identity *= f; paired *= f
        generatorObjective *= f; discriminatorFlair *= f; discriminatorT1ce *= f
    }
}

extension CycleGANTrainer {
    /// One optimisation step on a batch of T1 CE slices `a` (x) and FLAIR slices `b` (y), each
    /// (N, 1, H, W) in [-1, 1], `b[i]` the slice paired with `a[i]`: the generators on Eq. 2 (plus
    /// the optional identity and paired terms) with the discriminators frozen, then the
    /// discriminators on Eqs. 5–6 with fakes from the image pools.
    func step(_ a: Tensor, _ b: Tensor, optimizer: Adam, step: Int) throws(TorchError) -> CycleGANStepLosses {
        let o = options.loss
        var out = CycleGANStepLosses()
        let fakeFlair = try model.gT1ceToFlair(a)          // G1(x)
        let fakeT1ce = try model.gFlairToT1ce(b)           // G2(y)
        for d in model.discriminators { d.freeze(true) }
        try optimizer.zeroGrad(setToNone: true)
        let adv1 = try CycleGANLoss.adversarial(fakeScore: model.dFlair(fakeFlair))
        let adv2 = try CycleGANLoss.adversarial(fakeScore: model.dT1ce(fakeT1ce))
        let cycle = try CycleGANLoss.cycle(reconstructed: model.gFlairToT1ce(fakeFlair), original: a, distance: o.cycleDistance)
            + CycleGANLoss.cycle(reconstructed: model.gT1ceToFlair(fakeT1ce), original: b, distance: o.cycleDistance)
        var objective = try adv1 + adv2 + cycle * o.lambdaCycle
        if o.identityWeight > 0 {
            // The reference's identity term: a generator fed its own target modality should not change it.
            let identity = try CycleGANLoss.cycle(reconstructed: model.gT1ceToFlair(b), original: b, distance: o.cycleDistance)
                + CycleGANLoss.cycle(reconstructed: model.gFlairToT1ce(a), original: a, distance: o.cycleDistance)
            objective = try objective + identity * (o.lambdaCycle * o.identityWeight)
            out.identity = try identity.scalar
        }
        if o.pairedWeight > 0 {
            // Weak supervision by the pairing: each fake is pulled towards the real slice the
            // pairing matched to its source (on the embedded cohort nearly the same anatomy).
            let paired = try CycleGANLoss.paired(fake: fakeFlair, pairedTarget: b)
                + CycleGANLoss.paired(fake: fakeT1ce, pairedTarget: a)
            objective = try objective + paired * o.pairedWeight
            out.paired = try paired.scalar
        }
        try objective.backward()
        try optimizer.step()
        for d in model.discriminators { d.freeze(false) }
        (out.g1, out.g2, out.cycle, out.objective) = (try adv1.scalar, try adv2.scalar, try cycle.scalar, try objective.scalar)

        try optimizer.zeroGrad(setToNone: true)
        let pooledFlair = try poolFlair.query(fakeFlair, step: step)
        let pooledT1ce = try poolT1ce.query(fakeT1ce, step: step)
        let d1 = try CycleGANLoss.discriminator(fakeScore: model.dFlair(pooledFlair), realScore: model.dFlair(b),
                                                scale: o.discriminatorScale)
        let d2 = try CycleGANLoss.discriminator(fakeScore: model.dT1ce(pooledT1ce), realScore: model.dT1ce(a),
                                                scale: o.discriminatorScale)
        try (d1 + d2).backward()
        try optimizer.step()
        (out.dFlair, out.dT1ce) = (try d1.scalar, try d2.scalar)
        return out
    }

    /// Up to `pairsPerPatient` (default 8) evenly spaced pairs of each patient, the same every epoch.
    func evaluationPairs(_ patients: [TransferPatient]) -> [(patient: Int, pair: SlicePair)] {
        let n = options.pairsPerPatient ?? 8
        var out: [(Int, SlicePair)] = []
        for (i, p) in patients.enumerated() where !p.pairs.isEmpty {
            let stride = max(1, p.pairs.count / max(1, n))
            out += Swift.stride(from: 0, to: p.pairs.count, by: stride).prefix(n).map { (i, p.pairs[$0]) }
        }
        return out
    }

    /// Eq. 4 and the paired mean absolute error (both directions averaged), without gradients.
    func validate(_ patients: [TransferPatient]) throws(TorchError) -> (cycle: Double, pairedMAE: Double) {
        let items = evaluationPairs(patients)
        guard !items.isEmpty else { return (0, 0) }
        model.eval()
        defer { model.train() }
        var cycle = 0.0, mae = 0.0
        try withNoGrad { () throws(TorchError) in
            for item in items {
                let (a, b) = try batchTensors([item][...], patients)
                let fakeFlair = try model.gT1ceToFlair(a), fakeT1ce = try model.gFlairToT1ce(b)
                cycle += try (CycleGANLoss.cycle(reconstructed: model.gFlairToT1ce(fakeFlair), original: a, distance: options.loss.cycleDistance)
                    + CycleGANLoss.cycle(reconstructed: model.gT1ceToFlair(fakeT1ce), original: b, distance: options.loss.cycleDistance)).scalar
                mae += try (Functional.l1Loss(fakeFlair, target: b) + Functional.l1Loss(fakeT1ce, target: a)).scalar / 2
            }
        }
        return (cycle / Double(items.count), mae / Double(items.count))
    }

    /// One row per patient (up to three): real T1 CE, synthetic FLAIR, real FLAIR, synthetic T1 CE,
    /// at each patient's middle pair.
    func writeSample(_ patients: [TransferPatient], to path: String) throws(TrainingError) {
        var rows: [[[Float]]] = []
        model.eval()
        defer { model.train() }
        do {
            try withNoGrad { () throws(TorchError) in
                for (i, p) in patients.enumerated().prefix(3) where !p.pairs.isEmpty {
                    let item = (patient: i, pair: p.pairs[p.pairs.count / 2])
                    let (a, b) = try batchTensors([item][...], patients)
                    rows.append([try a.to(.cpu).toArray(Float.self), try model.gT1ceToFlair(a).to(.cpu).toArray(Float.self),
                                 try b.to(.cpu).toArray(Float.self), try model.gFlairToT1ce(b).to(.cpu).toArray(Float.self)])
                }
            }
        } catch { throw .engine(error) }
        do { try TransferSampleGrid.write(rows: rows, side: config.sliceSize, to: path) } catch { throw .data(error) }
    }
}
