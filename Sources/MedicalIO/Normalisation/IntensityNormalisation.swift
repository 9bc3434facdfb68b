/// Intensity normalisation of MR images, whose raw values have no absolute scale: clip the
/// extreme tails, then standardise to zero mean and unit variance inside the head.
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
        Percentiles.of(try values(within: mask), ps)
    }

    /// Values limited to [lower, upper].
    public func clipped(lower: Float, upper: Float) -> ImageVolume {
        var out = self
        for i in out.voxels.indices { out.voxels[i] = Swift.min(Swift.max(out.voxels[i], lower), upper) }
        return out
    }

    /// Values limited to the `lower`-th and `upper`-th percentiles of the voxels in `mask`.
    public func clippedToPercentiles(lower: Double = 0.5, upper: Double = 99.5,
                                     within mask: LabelVolume? = nil) throws(VolumeError) -> ImageVolume {
        let p = try percentiles([lower, upper], within: mask)
        guard p[0].isFinite, p[1].isFinite else { return self }
        return clipped(lower: p[0], upper: p[1])
    }

    /// `(x − mean) / sd` with mean and standard deviation (population) taken inside `mask`;
    /// voxels outside the mask become `outside`. A constant foreground gives zeros.
    public func zScored(within mask: LabelVolume? = nil, outside: Float = 0) throws(VolumeError) -> ImageVolume {
        let inside = try values(within: mask)
        var sum = 0.0, sumSquares = 0.0
        for v in inside { sum += Double(v) }
        let mean = inside.isEmpty ? 0 : sum / Double(inside.count)
        for v in inside { let d = Double(v) - mean; sumSquares += d * d }
        let sd = inside.isEmpty ? 0 : (sumSquares / Double(inside.count)).squareRoot()
        let scale = sd > 0 ? 1 / sd : 0
        var out = self
        for i in out.voxels.indices {
            if let mask, mask.voxels[i] == 0 {
                out.voxels[i] = outside
            } else {
                out.voxels[i] = Float((Double(out.voxels[i]) - mean) * scale)
            }
        }
        return out
    }

    /// The standard pipeline: Otsu head mask, clipping to the 0.5–99.5th percentiles inside it,
    /// z-score inside it (zero outside). Returns the image and the mask.
    public func normalisedInHead(lowerPercentile: Double = 0.5, upperPercentile: Double = 99.5) throws(VolumeError)
        -> (image: ImageVolume, mask: LabelVolume) {
        let mask = Otsu.foregroundMask(self)
        let clipped = try clippedToPercentiles(lower: lowerPercentile, upper: upperPercentile, within: mask)
        return (try clipped.zScored(within: mask), mask)
    }
}
