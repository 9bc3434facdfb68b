/// Extraction settings, named after pyradiomics' parameters so a parameter file translates
/// one to one. Defaults are pyradiomics' defaults.
///
/// Supported: `binWidth`, `normalize`, `normalizeScale`, `removeOutliers`, `voxelArrayShift`,
/// `label`. Not supported (features are always computed on the original grid, with fixed bin
/// width, distance 1 and no distance weighting): `resampledPixelSpacing`, `binCount`,
/// `distances`, `weightingNorm`, `force2D`, `resegmentRange`, image filters.
public struct RadiomicsSettings: Sendable, Hashable {
    /// Width of the intensity bins for every texture class and first-order Entropy/Uniformity.
    public var binWidth: Double = 25
    /// Standardise the whole image ((x − mean) / sd, SimpleITK's `Normalize`) before extraction.
    public var normalize: Bool = false
    /// Factor applied after normalisation.
    public var normalizeScale: Double = 1
    /// After normalisation, clip values to ±this many standard deviations.
    public var removeOutliers: Double? = nil
    /// Added to intensities for first-order Energy, Total Energy and Root Mean Squared.
    public var voxelArrayShift: Double = 0
    /// The mask value that marks the region.
    public var label: Int = 1

    public init(binWidth: Double = 25, normalize: Bool = false, normalizeScale: Double = 1,
                removeOutliers: Double? = nil, voxelArrayShift: Double = 0, label: Int = 1) {
        self.binWidth = binWidth
        self.normalize = normalize
        self.normalizeScale = normalizeScale
        self.removeOutliers = removeOutliers
        self.voxelArrayShift = voxelArrayShift
        self.label = label
    }
}
