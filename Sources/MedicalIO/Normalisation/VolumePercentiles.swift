import Statistics

extension Volume where Scalar == Float {
    /// The values inside `mask` (all voxels when `nil`).
    func values(within mask: LabelVolume?) throws(VolumeError) -> [Float] {
        guard let mask else { return voxels }
        guard mask.geometry.isAligned(with: geometry) else {
            throw .geometryMismatch("mask grid \(mask.size) does not match image grid \(size)")
        }
        var out: [Float] = []
        out.reserveCapacity(voxels.count / 2)
        for i in voxels.indices where mask.voxels[i] != 0 { out.append(voxels[i]) }
        return out
    }

    /// Percentiles (0…100, NumPy's linear interpolation) of the voxels inside `mask`.
    public func percentiles(_ ps: [Double], within mask: LabelVolume? = nil) throws(VolumeError) -> [Float] {
        Percentile.linear(try values(within: mask), percents: ps)
    }
}
