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
    /// What the reader noticed and worked around, for the user: a set but unusable sform or
    /// qform, and the transform used instead.
    public var warnings: [String]

    public init(path: String, header: NIfTIHeader, data: NIfTIVoxelData, affine: RASAffine, geometry: ImageGeometry,
                warnings: [String] = []) {
        self.path = path
        self.header = header
        self.data = data
        self.affine = affine
        self.geometry = geometry
        self.warnings = warnings
    }

    /// Number of 3-D volumes (time points and any higher dimensions flattened).
    public var volumeCount: Int { header.volumeCount }

    /// Volume `t` with `scl_slope`/`scl_inter` applied, as `Float`. Without `t` the file must
    /// hold one volume: a 4-D file is refused rather than silently cut to its first volume.
    public func volume(at t: Int? = nil, budget: MemoryBudget = .current) throws(NIfTIError) -> ImageVolume {
        guard let t = t ?? (volumeCount == 1 ? 0 : nil) else {
            throw .multipleVolumes(path: path, dims: Array(header.dim[0...min(7, header.dim[0])]), count: volumeCount)
        }
        guard t >= 0, t < volumeCount else {
            throw .invalidDimensions(path: path, dims: header.dim, reason: "no volume \(t) of \(volumeCount)")
        }
        let n = geometry.size.count
        do { try budget.check(MemoryBudget.bytes(n, stride: 4), for: "\(path): a \(geometry.size) float32 volume") } catch {
            throw .memoryBudget(path: path, error)
        }
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
