/// Slices whose spacing varies, put onto a regular grid from their true positions. A series
/// acquired with 1 mm and then 2 mm steps cannot be described by one slice spacing; stacking its
/// slices at the median spacing would place some millimetres away from where they were
/// acquired. Each regular slice is instead interpolated linearly between the two acquired slices
/// around it along the slice normal.
struct IrregularSlices: Sendable {
    /// The grid of the acquired slices as stacked (its k spacing is not used).
    var stored: ImageGeometry
    /// Each acquired slice's position along the normal (mm), ascending, in stacking order.
    var positions: [Double]
    /// The regular grid: the same first slice, in-plane grid and direction, spanning the first
    /// to the last acquired slice with the step closest to `spacing` that ends on the last one.
    var geometry: ImageGeometry

    init(stored: ImageGeometry, positions: [Double], spacing: Double) {
        self.stored = stored
        self.positions = positions
        let extent = (positions.last ?? 0) - (positions.first ?? 0)
        let steps = max(1, Int((extent / spacing).rounded()))
        var g = stored
        g.size.z = steps + 1
        g.spacing.z = extent / Double(steps)
        geometry = g
    }

    /// The regular volume from the acquired slices' voxels (i fastest, slices in stacking order).
    func interpolate(_ voxels: [Float]) throws(VolumeError) -> ImageVolume {
        let plane = stored.size.x * stored.size.y
        let n = geometry.size.z
        var out = [Float](repeating: 0, count: plane * n)
        let first = positions[0]
        var below = 0
        for k in 0..<n {
            let t = first + Double(k) * geometry.spacing.z
            while below + 2 < positions.count && positions[below + 1] <= t { below += 1 }
            let above = min(below + 1, positions.count - 1)
            let gap = positions[above] - positions[below]
            let w = gap > 0 ? Float(min(1, max(0, (t - positions[below]) / gap))) : 0
            let (lo, hi, dst) = (below * plane, above * plane, k * plane)
            for i in 0..<plane {
                out[dst + i] = (1 - w) * voxels[lo + i] + w * voxels[hi + i]
            }
        }
        return try ImageVolume(geometry: geometry, voxels: out)
    }

    /// Positions for a message, the middle elided in a long series.
    static func list(_ positions: [Double]) -> String {
        let shown = positions.map { DicomVolumeBuilder.fmt($0) }
        guard shown.count > 12 else { return shown.joined(separator: ", ") }
        return (shown.prefix(6) + ["… (\(shown.count - 12) more)"] + shown.suffix(6)).joined(separator: ", ")
    }
}
