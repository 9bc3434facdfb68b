import MedicalIO

/// The axial grid a segmentation network sees: a fixed in-plane matrix at a fixed in-plane
/// spacing, axis-aligned in LPS and centred on the study, with the study's own slice spacing
/// (so contours drawn slice by slice are not smeared across slices) and as many slices as
/// cover the study's extent. The network runs slice by slice on it.
public struct SegmentationGrid: Codable, Sendable, Equatable {
    /// Voxels per side of each axial slice.
    public var inPlaneSize: Int
    /// In-plane spacing in mm.
    public var inPlaneSpacing: Double
    /// Slice spacing in mm; nil keeps the study's own slice spacing.
    public var sliceSpacing: Double?

    public init(inPlaneSize: Int, inPlaneSpacing: Double, sliceSpacing: Double? = nil) {
        self.inPlaneSize = inPlaneSize
        self.inPlaneSpacing = inPlaneSpacing
        self.sliceSpacing = sliceSpacing
    }

    /// The paper's 0.64 mm in-plane resolution on a 256 × 256 matrix (a 164 mm field of view).
    public static let paper = SegmentationGrid(inPlaneSize: 256, inPlaneSpacing: 0.64)
    /// 128 × 128 at 2 mm (a 256 mm field of view): the demo cohort's T1 CE in-plane spacing, so
    /// the whole head of every synthetic study fits and no detail is invented by upsampling.
    public static let demo = SegmentationGrid(inPlaneSize: 128, inPlaneSpacing: 2)

    public static func preset(_ name: String) -> SegmentationGrid? {
        switch name {
        case "paper": return .paper
        case "demo": return .demo
        default: return nil
        }
    }

    /// The grid for an image: centred on the image, slices spaced as the image's (or
    /// `sliceSpacing`) and covering the image's extent along the LPS z axis.
    public func geometry(for image: ImageGeometry) -> ImageGeometry {
        let dz = sliceSpacing ?? image.spacing.z
        var lo = Double.infinity, hi = -Double.infinity
        for corner in 0..<8 {
            let index = Point3(corner & 1 == 0 ? -0.5 : Double(image.size.x) - 0.5,
                               corner & 2 == 0 ? -0.5 : Double(image.size.y) - 0.5,
                               corner & 4 == 0 ? -0.5 : Double(image.size.z) - 0.5)
            let z = image.world(atIndex: index).z
            lo = min(lo, z)
            hi = max(hi, z)
        }
        let slices = max(1, Int(((hi - lo) / dz).rounded(.toNearestOrAwayFromZero)))
        return preprocessor(slices: slices, sliceSpacing: dz, cacheFolder: nil).grid(centredAt: Preprocessor.centre(of: image))
    }

    /// The classifier's preprocessing (resampling and intensity normalisation), on this grid.
    func preprocessor(for image: ImageGeometry, cacheFolder: String?) -> Preprocessor {
        let g = geometry(for: image)
        return preprocessor(slices: g.size.z, sliceSpacing: g.spacing.z, cacheFolder: cacheFolder)
    }

    private func preprocessor(slices: Int, sliceSpacing dz: Double, cacheFolder: String?) -> Preprocessor {
        Preprocessor(size: GridSize(inPlaneSize, inPlaneSize, slices), spacing: Spacing(inPlaneSpacing, inPlaneSpacing, dz),
                     cacheFolder: cacheFolder)
    }
}
