import Foundation
import MedicalIO

/// The cube each lesion is seen through: `size`³ voxels of `spacingMM`, axis-aligned in LPS,
/// centred on the lesion's centroid.
///
/// Default 24³ at 1.5 mm, a 36 mm cube: the cohort's metastases have median diameters of 8–16 mm
/// and oedema reaching about twice the radius, so the cube holds a typical lesion with its
/// oedema rim (the largest lesions are cut at their oedema, which the study descriptors still
/// measure through the lesion's volume). 1.5 mm is finer than the demo grid (2 mm) and coarser
/// than the paper's in-plane 0.64 mm; 24³ keeps the encoder cheap enough for a five-fold
/// cross-validation of 300 patients on two CPU cores (docs/decisions.md).
public struct LesionCropSettings: Sendable, Codable, Equatable {
    public var size: Int = 24
    public var spacingMM: Double = 1.5
    /// At most this many lesions per study get a crop, the largest first; the study descriptors
    /// count every lesion.
    public var maxLesions: Int = 12
    public init() {}

    /// Voxels in one channel of a crop.
    public var voxelCount: Int { size * size * size }

    /// The crop's grid centred on `centre` (LPS mm): voxel index (size − 1)/2 along each axis
    /// lies at `centre`.
    public func grid(centredAt centre: Point3) -> ImageGeometry {
        let half = Double(size - 1) * spacingMM / 2
        return ImageGeometry(size: GridSize(size, size, size), spacing: Spacing(spacingMM, spacingMM, spacingMM),
                             origin: centre - Point3(half, half, half), direction: .identity)
    }
}

/// The channels of a lesion crop, in order, each one `size`³ block in (z, y, x) order.
public enum LesionCropChannel: Int, CaseIterable, Sendable {
    case t1ce, flair, probability
}

extension LesionCropSettings {
    /// `volume` resampled (linear) onto the crop grid at `centre`; outside the image `outside`.
    func crop(_ volume: ImageVolume, at centre: Point3, outside: Float, path: String) throws(ImageLoadError) -> [Float] {
        do {
            return try Resampler.resample(volume, onto: grid(centredAt: centre), interpolation: .linear,
                                          defaultValue: outside, threads: 1).voxels
        } catch {
            throw ImageLoadError(path: path, reason: "cropping a lesion failed: \(error)")
        }
    }
}
