import Foundation
import MedicalIO
import Statistics

/// The common axial grid on which both modalities are cut into slices: axis-aligned (LPS),
/// `sliceSize` × `sliceSize` in-plane, centred on the T1 CE image's extent. T1 CE (2 mm
/// isotropic in the cohort) and FLAIR (4 mm slices, oblique) are both resampled onto it with
/// linear interpolation, so slice k of one and slice k of the other are the same anatomy.
public struct TransferGrid: Codable, Sendable, Equatable {
    public var sliceSize: Int
    public var slices: Int
    /// In-plane spacing (mm).
    public var pixelSpacing: Double
    /// Distance between slices (mm): FLAIR's 4 mm, so no slice is interpolated between two FLAIR slices.
    public var sliceSpacing: Double

    public init(sliceSize: Int, slices: Int, pixelSpacing: Double, sliceSpacing: Double) {
        self.sliceSize = sliceSize
        self.slices = slices
        self.pixelSpacing = pixelSpacing
        self.sliceSpacing = sliceSpacing
    }

    /// 128 × 128 × 44 at 2 × 2 × 4 mm: a 256 × 256 × 176 mm box, the whole head.
    public static let demo = TransferGrid(sliceSize: 128, slices: 44, pixelSpacing: 2, sliceSpacing: 4)
    /// 256 × 256 × 44 at 1 × 1 × 4 mm (the paper states no grid; this is the reference CycleGAN's 256 × 256).
    public static let paper = TransferGrid(sliceSize: 256, slices: 44, pixelSpacing: 1, sliceSpacing: 4)

    /// The grid centred on `centre` (LPS mm).
    public func geometry(centredAt centre: Point3) -> ImageGeometry {
        Preprocessor(size: GridSize(sliceSize, sliceSize, slices), spacing: Spacing(pixelSpacing, pixelSpacing, sliceSpacing),
                     cacheFolder: nil).grid(centredAt: centre)
    }

    /// The grid centred on an image's extent.
    public func geometry(centredOn image: ImageGeometry) -> ImageGeometry {
        geometry(centredAt: Preprocessor.centre(of: image))
    }
}

/// Intensities to the generator's tanh range and back. MR intensities are arbitrary per
/// scanner, so each volume is scaled by its own robust maximum — the 99.5th percentile of the
/// head (voxels above Otsu's threshold) — and clipped: v ↦ 2·clamp(v / p99.5, 0, 1) − 1.
/// Background (0) becomes −1. A synthetic image is mapped back with the target modality's
/// reference scale (the median p99.5 of the training volumes of that modality).
public enum TransferIntensity {
    /// The volume's scale: the 99.5th percentile of its head voxels (all voxels if the head is tiny).
    public static func scale(of voxels: [Float]) -> Float {
        let threshold = Otsu.threshold(voxels)
        var head = voxels.filter { $0 > threshold }
        if head.count < 16 { head = voxels }
        let p = Percentile.linear(head, percents: [99.5]).first ?? 1
        return p > 0 ? p : 1
    }

    public static func normalised(_ voxels: [Float], scale: Float) -> [Float] {
        voxels.map { 2 * min(max($0 / scale, 0), 1) - 1 }
    }

    public static func denormalised(_ values: [Float], scale: Float) -> [Float] {
        values.map { ($0 + 1) / 2 * scale }
    }
}
