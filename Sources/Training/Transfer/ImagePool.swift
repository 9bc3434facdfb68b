import MedicalIO
import Statistics
import Torch

/// The reference CycleGAN's history of generated images (Shrivastava et al. 2017): the
/// discriminator is updated with a fake drawn either from the current generator or, half the
/// time once the pool is full, from the last `capacity` fakes (the drawn one being replaced),
/// which damps oscillation between generator and discriminator.
///
/// Its randomness is a function of (seed, step) — no generator state to carry — so a resumed
/// run that restores `images` makes the same choices as one that never stopped.
public final class ImagePool {
    public let capacity: Int
    let seed: UInt64
    public private(set) var images: [Tensor] = []

    public init(capacity: Int = 50, seed: UInt64) {
        self.capacity = capacity
        self.seed = seed
    }

    /// The fake to show the discriminator at `step` (a detached tensor): `image` itself, or a
    /// stored one that `image` then replaces.
    public func query(_ image: Tensor, step: Int) throws(TorchError) -> Tensor {
        let fresh = try image.detach()
        guard capacity > 0 else { return fresh }
        if images.count < capacity {
            images.append(try fresh.clone())
            return fresh
        }
        var rng = SplitMix64(seed: SeedMixing.step(seed, step))
        guard Double.random(in: 0..<1, using: &rng) > 0.5 else { return fresh }
        let i = Int.random(in: 0..<images.count, using: &rng)
        let stored = images[i]
        images[i] = try fresh.clone()
        return stored
    }

    /// Replaces the contents (on resume).
    public func restore(_ saved: [Tensor]) throws(TorchError) {
        guard saved.count <= capacity else {
            throw TorchError("image pool: \(saved.count) saved images exceed its capacity \(capacity)")
        }
        images = saved
    }
}
