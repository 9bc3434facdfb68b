import Torch

/// The four 2D slice-wise tumour segmentation networks compared in the paper's Table 3.
public enum SegmentationArchitecture: String, CaseIterable, Sendable, Codable {
    /// The paper's convolution–transformer U-Net (Figure 2).
    case proposed
    /// U-Net (Ronneberger et al. 2015).
    case unet
    /// Attention U-Net (Oktay et al. 2018): additive attention gates on the skip connections.
    case attunet
    /// U-Net++ (Zhou et al. 2018): nested dense skip connections.
    case unetpp
}

/// A 2D slice-wise segmentation network: `(N, inChannels, H, W)` → logits `(N, 2, H, W)`
/// (channel 0 background, channel 1 tumour; softmax over channels gives the probability map).
/// `H` and `W` must be multiples of `sizeMultiple` (the total down-sampling factor).
public protocol SegmentationNetwork: UnaryLayer {
    var architecture: SegmentationArchitecture { get }
    var sizeMultiple: Int { get }
}
