import MedicalIO
import Torch

extension Volume where Scalar == Float {
    /// The voxels as a (1, 1, D, H, W) float32 tensor — (z, y, x), the memory order of `Volume` —
    /// handed over without a copy when this is the volume's last use
    /// (`let t = try volume.tensor()` after which `volume` is not read again).
    public consuming func tensor() throws(TorchError) -> Tensor {
        let size = geometry.size
        return try Tensor.wrapping(voxels, shape: [1, 1, size.z, size.y, size.x])
    }
}
