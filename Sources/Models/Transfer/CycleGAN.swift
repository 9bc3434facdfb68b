import Torch
import Vocabulary

/// The four networks of the paper's modality-transfer CycleGAN (Figure 4): generator 1
/// T1 CE → FLAIR, generator 2 FLAIR → T1 CE, discriminator 1 judging FLAIR images (real or
/// from generator 1) and discriminator 2 judging T1 CE images. One module so that a single
/// checkpoint holds them; keys `g_t1ce_to_flair.…`, `g_flair_to_t1ce.…`, `d_flair.…`, `d_t1ce.…`.
public final class CycleGAN: Module {
    public let config: TransferNetworkConfig
    public let gT1ceToFlair: ResnetGenerator
    public let gFlairToT1ce: ResnetGenerator
    public let dFlair: PatchDiscriminator
    public let dT1ce: PatchDiscriminator

    /// Initialises all four networks from `generator` in the order G1, G2, D1, D2.
    public init(config: TransferNetworkConfig, generator: Generator? = nil) throws(TorchError) {
        self.config = config
        gT1ceToFlair = try ResnetGenerator(config: config, generator: generator)
        gFlairToT1ce = try ResnetGenerator(config: config, generator: generator)
        dFlair = try PatchDiscriminator(config: config, generator: generator)
        dT1ce = try PatchDiscriminator(config: config, generator: generator)
        super.init()
    }

    /// The generator that produces `target` from the other modality.
    public func generator(to target: Modality) -> ResnetGenerator {
        target == .flair ? gT1ceToFlair : gFlairToT1ce
    }

    /// The discriminator that judges images of `modality`.
    public func discriminator(of modality: Modality) -> PatchDiscriminator {
        modality == .flair ? dFlair : dT1ce
    }

    public var generators: [Module] { [gT1ceToFlair, gFlairToT1ce] }
    public var discriminators: [Module] { [dFlair, dT1ce] }
}
