import Torch

/// The paper's segmentation objective (Eq. 1): `0.5 × cross-entropy + 0.5 × Dice loss` on the
/// network's two-channel logits, built from engine operations so autograd gives the gradient.
///
/// Cross-entropy is the mean over pixels of the two-class softmax cross-entropy. The Dice loss
/// is `1 − (2 Σ p·t + s) / (Σ p + Σ t + s)` with `p` the softmax tumour probability, `t` the
/// 0/1 mask and the sums over the whole batch (not per slice: half of a batch is slices without
/// tumour, whose per-slice Dice is undefined or dominated by the smoothing term); `s` = 1.
///
/// `tumourClassWeight` weights the tumour class in the cross-entropy (PyTorch's class `weight`,
/// normalised by the summed weights of the targets). The paper's Eq. 1 has none (1); metastases
/// fill ≈ 0.2 % of a slice, and with few training steps the unweighted loss settles on "all
/// background", where the softmax saturates and the Dice term's gradient vanishes.
public struct SegmentationLoss: Sendable, Codable, Equatable {
    public var crossEntropyWeight = 0.5
    public var diceWeight = 0.5
    public var smooth = 1.0
    public var tumourClassWeight = 1.0

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        crossEntropyWeight = try c.decode(Double.self, forKey: .crossEntropyWeight)
        diceWeight = try c.decode(Double.self, forKey: .diceWeight)
        smooth = try c.decode(Double.self, forKey: .smooth)
        // Models written before the weight existed were trained without it.
        tumourClassWeight = try c.decodeIfPresent(Double.self, forKey: .tumourClassWeight) ?? 1
    }

    /// - Parameters:
    ///   - logits: (N, 2, H, W).
    ///   - target: (N, H, W) float, 1 inside the tumour, 0 elsewhere.
    public func callAsFunction(logits: Tensor, target: Tensor) throws(TorchError) -> Tensor {
        let weight: Tensor?
        if tumourClassWeight == 1 {
            weight = nil
        } else {
            weight = try Tensor([Float(1), Float(tumourClassWeight)]).to(logits.device)
        }
        let ce = try Functional.crossEntropy(logits, target: target.to(.int64), weight: weight)
        let p = try Functional.softmax(logits, dim: 1).select(dim: 1, index: 1)
        return try ce * crossEntropyWeight + SegmentationLoss.softDiceLoss(probability: p, target: target, smooth: smooth) * diceWeight
    }

    /// `1 − soft Dice` of a probability map against a 0/1 target of the same shape.
    public static func softDiceLoss(probability p: Tensor, target t: Tensor, smooth: Double) throws(TorchError) -> Tensor {
        let overlap = try (p * t).sum()
        let dice = try (overlap * 2 + smooth) / (p.sum() + t.sum() + smooth)
        return try 1.0 - dice
    }
}
