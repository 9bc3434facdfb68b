import Torch

/// How the cycle-consistency and identity terms compare images.
public enum CycleDistance: String, Codable, Sendable {
    /// The paper's Eq. 4: mean squared error.
    case squared
    /// The reference implementation's mean absolute error.
    case l1
}

/// The loss weights and forms; the defaults are the paper's (Eqs. 2–6).
public struct CycleGANLossOptions: Codable, Sendable, Equatable {
    /// λ of Eq. 2, the weight of the cycle-consistency term.
    public var lambdaCycle = 10.0
    public var cycleDistance = CycleDistance.squared
    /// Identity-loss weight relative to λ (the reference's `lambda_identity`, 0.5 there); 0 — the
    /// paper, which has no identity term — leaves it out.
    public var identityWeight = 0.0
    /// Factor on each discriminator's loss: 1 in the paper's Eqs. 5–6, 0.5 in the reference.
    public var discriminatorScale = 1.0
    /// Weight of the paired term 𝔼 |G1(x) − y| + 𝔼 |G2(y) − x| between each fake and the real
    /// slice the mutual-information pairing matched to its source; 0 — the paper's Eq. 2, where
    /// the pairs only choose which slices meet in a step — leaves it out (docs/transfer.md).
    public var pairedWeight = 0.0

    public init() {}
}

extension CycleGANLossOptions {
    private enum CodingKeys: String, CodingKey {
        case lambdaCycle, cycleDistance, identityWeight, discriminatorScale, pairedWeight
    }

    /// Keys a setting added later may be absent from (models and checkpoints written before it):
    /// such a file decodes with that setting's default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        lambdaCycle = try c.decode(Double.self, forKey: .lambdaCycle)
        cycleDistance = try c.decode(CycleDistance.self, forKey: .cycleDistance)
        identityWeight = try c.decode(Double.self, forKey: .identityWeight)
        discriminatorScale = try c.decode(Double.self, forKey: .discriminatorScale)
        pairedWeight = try c.decodeIfPresent(Double.self, forKey: .pairedWeight) ?? pairedWeight
    }
}

/// The CycleGAN objective with least-squares adversarial terms (Mao et al. 2017), written as the
/// paper's equations; every expectation 𝔼 is the mean over the batch and the PatchGAN's score map.
/// G1 = T1 CE → FLAIR, G2 = FLAIR → T1 CE, D1 judges FLAIR, D2 judges T1 CE; x is a T1 CE slice
/// and y a FLAIR slice.
public enum CycleGANLoss {
    /// Eq. 3, one direction: 𝔼 (D(G(·)) − 1)², the generator wanting its fakes scored real.
    public static func adversarial(fakeScore: Tensor) throws(TorchError) -> Tensor {
        try (fakeScore - 1).square().mean()
    }

    /// Eq. 4, one direction: 𝔼 (G'(G(x)) − x)² (or |·| with `.l1`).
    public static func cycle(reconstructed: Tensor, original: Tensor, distance: CycleDistance) throws(TorchError) -> Tensor {
        switch distance {
        case .squared: return try Functional.mseLoss(reconstructed, target: original)
        case .l1: return try Functional.l1Loss(reconstructed, target: original)
        }
    }

    /// The paired term, one direction: 𝔼 |G(source) − target| against the slice paired with the source.
    public static func paired(fake: Tensor, pairedTarget: Tensor) throws(TorchError) -> Tensor {
        try Functional.l1Loss(fake, target: pairedTarget)
    }

    /// Eqs. 5 and 6: 𝔼 (D(fake) − 0)² + 𝔼 (D(real) − 1)², times `scale`.
    public static func discriminator(fakeScore: Tensor, realScore: Tensor, scale: Double = 1) throws(TorchError) -> Tensor {
        try (fakeScore.square().mean() + (realScore - 1).square().mean()) * scale
    }
}
