import Foundation
import MedicalIO
import Models
import Torch
import Vocabulary

/// Synthesises the other modality of a whole volume with a trained CycleGAN generator: the
/// image is resampled onto the bundle's axial grid centred on it, normalised as in training,
/// passed slice by slice through the generator, mapped back to intensities with the target's
/// reference scale, and resampled onto the input's own grid (linear; 0 where the grid does not
/// reach).
public enum ModalityTransfer {
    /// The synthetic `target` image on the grid of `source`.
    public static func synthesise(_ source: ImageVolume, to target: Modality, bundle: TransferModelBundle,
                                  path: String) throws(TransferDataError) -> ImageVolume {
        let onGrid = try synthesiseOnGrid(source, to: target, bundle: bundle, path: path)
        let scale = bundle.info.referenceScale[target.rawValue] ?? 1
        var volume = onGrid
        volume.voxels = TransferIntensity.denormalised(onGrid.voxels, scale: scale)
        do { return try Resampler.resample(volume, onto: source.geometry, interpolation: .linear) } catch {
            throw TransferDataError(path: path, reason: "resampling the synthetic image back failed: \(error)")
        }
    }

    /// The generator's output on the transfer grid centred on `source`, in [-1, 1].
    public static func synthesiseOnGrid(_ source: ImageVolume, to target: Modality, bundle: TransferModelBundle,
                                        path: String) throws(TransferDataError) -> ImageVolume {
        let geometry = bundle.info.grid.geometry(centredOn: source.geometry)
        let resampled: ImageVolume
        do { resampled = try Resampler.resample(source, onto: geometry, interpolation: .linear) } catch {
            throw TransferDataError(path: path, reason: "resampling onto the transfer grid failed: \(error)")
        }
        let normalised = TransferIntensity.normalised(resampled.voxels, scale: TransferIntensity.scale(of: resampled.voxels))
        let out: [Float]
        do { out = try generate(normalised, grid: bundle.info.grid, generator: bundle.model.generator(to: target)) } catch {
            throw TransferDataError(path: path, reason: "the generator failed: \(error)")
        }
        do { return try ImageVolume(geometry: geometry, voxels: out) } catch {
            throw TransferDataError(path: path, reason: "\(error)")
        }
    }

    /// Runs `generator` over every slice of a grid volume of normalised values.
    public static func generate(_ values: [Float], grid: TransferGrid, generator: ResnetGenerator,
                                batch: Int = 4) throws(TorchError) -> [Float] {
        let n = grid.sliceSize * grid.sliceSize
        var out: [Float] = []
        out.reserveCapacity(values.count)
        generator.eval()
        try withInferenceMode { () throws(TorchError) in
            for start in stride(from: 0, to: grid.slices, by: batch) {
                let count = min(batch, grid.slices - start)
                let x = try Tensor.wrapping(Array(values[(start * n)..<((start + count) * n)]),
                                            shape: [count, 1, grid.sliceSize, grid.sliceSize])
                out += try generator(x).toArray(Float.self)
            }
        }
        return out
    }

    /// A fingerprint of (model weights, transfer settings, source image, target): a synthetic
    /// image cached under it is reused only while all four are unchanged.
    public static func cacheKey(sourcePath: String, target: Modality, bundle: TransferModelBundle) -> String? {
        guard let model = ContentHash.file(TransferModelBundle.weightsPath(bundle.folder)),
              let info = ContentHash.file(TransferModelBundle.infoPath(bundle.folder)),
              let source = ContentHash.file(sourcePath) else { return nil }
        var h = ContentHash()
        h.add("transfer v1 \(model) \(info) \(source) \(target.rawValue)")
        return h.hex
    }
}
