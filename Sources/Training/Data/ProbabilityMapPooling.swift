import Foundation
import MedicalIO

/// Brings a tumour probability map (or mask) onto a classifier grid by *max*-pooling, not by
/// interpolation: at the demo grid (5.12 mm in plane) a typical 8–10 mm metastasis covers one or
/// two voxels, and linear resampling averages it with the surrounding background until it is
/// barely above zero. Max-pooling keeps every lesion at its peak probability, as the network's
/// own per-block pooling of the map does (docs/decisions.md).
extension Preprocessor {
    /// Sub-voxels per output voxel along each axis, fine enough that every source voxel is seen.
    static func poolingFactors(source: Spacing, target: Spacing) -> (Int, Int, Int) {
        func f(_ s: Double, _ t: Double) -> Int { max(1, min(8, Int((t / max(s, 1e-6)).rounded(.up)))) }
        return (f(source.x, target.x), f(source.y, target.y), f(source.z, target.z))
    }

    /// The map at `path` on the grid centred at `centre`: resampled (linear) onto a grid
    /// `poolingFactors` times finer, then the maximum of each block. Values are clamped to [0, 1];
    /// outside the map's field of view the probability is 0. Cached like images.
    public func probabilityMap(path: String, centre: Point3) throws(ImageLoadError) -> ImageVolume {
        let key = cacheKey(path: path, kind: "probability-maxpool", centre: centre)
        if let cached = readCache(key) { return cached }
        let map = try ImageLoader.load(path: path)
        let (fx, fy, fz) = Preprocessor.poolingFactors(source: map.geometry.spacing, target: spacing)
        let coarse = grid(centredAt: centre)
        let fineSpacing = Spacing(spacing.x / Double(fx), spacing.y / Double(fy), spacing.z / Double(fz))
        // The fine grid's voxel centres tile each coarse voxel symmetrically.
        let fineOrigin = coarse.origin - Point3(spacing.x - fineSpacing.x, spacing.y - fineSpacing.y, spacing.z - fineSpacing.z) / 2
        let fine = ImageGeometry(size: GridSize(size.x * fx, size.y * fy, size.z * fz), spacing: fineSpacing,
                                 origin: fineOrigin, direction: .identity)
        let sampled: ImageVolume
        do { sampled = try Resampler.resample(map, onto: fine, interpolation: .linear, threads: 1) } catch {
            throw ImageLoadError(path: path, reason: "resampling the probability map failed: \(error)")
        }
        let pooled = Preprocessor.blockMax(sampled.voxels, fine: fine.size, factors: (fx, fy, fz))
        let out: ImageVolume
        do { out = try ImageVolume(geometry: coarse, voxels: pooled) } catch {
            throw ImageLoadError(path: path, reason: "\(error)")
        }
        writeCache(key, out)
        return out
    }

    /// Maximum over (fx, fy, fz) blocks of an x-fastest volume, clamped to [0, 1].
    static func blockMax(_ v: [Float], fine: GridSize, factors: (Int, Int, Int)) -> [Float] {
        let (fx, fy, fz) = factors
        let nx = fine.x / fx, ny = fine.y / fy, nz = fine.z / fz
        var out = [Float](repeating: 0, count: nx * ny * nz)
        for z in 0..<fine.z {
            for y in 0..<fine.y {
                let row = (z * fine.y + y) * fine.x
                let target = ((z / fz) * ny + y / fy) * nx
                for x in 0..<fine.x {
                    let value = min(max(v[row + x], 0), 1)
                    if value > out[target + x / fx] { out[target + x / fx] = value }
                }
            }
        }
        return out
    }
}
