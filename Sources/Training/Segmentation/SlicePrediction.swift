import MedicalIO
import Models
import Torch

/// Runs a segmentation network over the axial slices of a volume on its grid.
public enum SlicePrediction {
    /// Softmax tumour probability of every voxel of a (z, y, x) volume with square `side` × `side`
    /// slices, `batchSize` slices per forward pass, in evaluation and inference mode.
    public static func tumourProbability(_ network: any SegmentationNetwork, volume: [Float], side: Int, batchSize: Int,
                                         device: Device = .cpu) throws(TorchError) -> [Float] {
        let area = side * side
        let slices = volume.count / area
        network.eval()
        var out: [Float] = []
        out.reserveCapacity(volume.count)
        let step = max(1, batchSize)
        for start in stride(from: 0, to: slices, by: step) {
            let n = min(step, slices - start)
            let chunk = Array(volume[(start * area)..<((start + n) * area)])
            let p = try withInferenceMode { () throws(TorchError) -> [Float] in
                let input = try Tensor.wrapping(chunk, shape: [n, 1, side, side]).to(device)
                return try Functional.softmax(network(input), dim: 1).select(dim: 1, index: 1).contiguous().to(.cpu)
                    .toArray(Float.self)
            }
            out += p
        }
        return out
    }

    /// Dice of the thresholded prediction against a 0/1 mask; 1 when both are empty.
    public static func dice(probability: [Float], mask: [UInt8], threshold: Float = 0.5) -> Double {
        var counts = MaskOverlap()
        for i in mask.indices { counts.add(probability[i] >= threshold, mask[i] != 0) }
        return counts.dice ?? 1
    }
}
