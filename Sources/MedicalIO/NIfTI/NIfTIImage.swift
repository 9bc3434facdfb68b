/// A NIfTI file in memory: its header, its voxels as stored, and its grid in LPS.
public struct NIfTIImage: Sendable {
    /// Where it was read from (used in messages).
    public let path: String
    public var header: NIfTIHeader
    /// All volumes' voxels as stored (no scaling applied).
    public var data: NIfTIVoxelData
    /// The voxel-to-RAS affine nibabel's `img.affine` reports: sform when `sform_code` > 0,
    /// else qform when `qform_code` > 0, else a centred diagonal from `pixdim`.
    public var affine: RASAffine
    /// The grid of each 3-D volume, in LPS.
    public var geometry: ImageGeometry

    public init(path: String, header: NIfTIHeader, data: NIfTIVoxelData, affine: RASAffine, geometry: ImageGeometry) {
        self.path = path
        self.header = header
        self.data = data
        self.affine = affine
        self.geometry = geometry
    }

    /// Number of 3-D volumes (time points and any higher dimensions flattened).
    public var volumeCount: Int { header.volumeCount }

    /// Volume `t` (default the first, for a 3-D file the only one) with `scl_slope`/`scl_inter`
    /// applied, as `Float`.
    public func volume(at t: Int = 0) throws(NIfTIError) -> ImageVolume {
        guard t >= 0, t < volumeCount else {
            throw .invalidDimensions(path: path, dims: header.dim, reason: "no volume \(t) of \(volumeCount)")
        }
        let n = geometry.size.count
        let values = data.floats((t * n)..<((t + 1) * n), scaling: header.effectiveScaling)
        do { return try ImageVolume(geometry: geometry, voxels: values) } catch {
            throw .invalidDimensions(path: path, dims: header.dim, reason: error.description)
        }
    }

    /// Every volume, scaled, as `Float` (one per time point of a 4-D file).
    public var volumes: [ImageVolume] { (0..<volumeCount).compactMap { try? volume(at: $0) } }

    /// Volume `t` in its stored type, unscaled; `nil` when `T` is not the stored type or `t` is
    /// out of range.
    public func storedVolume<T: VoxelScalar>(as type: T.Type, at t: Int = 0) -> Volume<T>? {
        guard t >= 0, t < volumeCount, let all = data.values(as: T.self) else { return nil }
        let n = geometry.size.count
        return try? Volume<T>(geometry: geometry, voxels: Array(all[(t * n)..<((t + 1) * n)]))
    }
}
