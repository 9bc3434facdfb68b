import Dispatch
import Foundation

/// How values between voxel centres are computed.
public enum Interpolation: String, Sendable, CaseIterable {
    /// The nearest voxel (ITK rounds half up). Values are copied exactly: use for masks and labels.
    case nearest
    /// Trilinear, as ITK's `LinearInterpolateImageFunction`.
    case linear
    /// Cubic B-spline (order 3) with mirror boundaries, as ITK's `BSplineInterpolateImageFunction`.
    case bspline
}

/// Resampling onto another grid, with SimpleITK's `ResampleImageFilter` semantics: each output
/// voxel centre is mapped to a continuous input index; points outside the input's extent
/// (index < −0.5 or ≥ n − 0.5 on any axis) get `defaultValue`; the rest are interpolated, with
/// neighbours beyond the last voxel clamped to the edge.
public enum Resampler {
    /// The grid SimpleITK users build for a new spacing: the same origin and direction, and
    /// `round(size · spacing / newSpacing)` voxels per axis (at least 1), so the physical
    /// extent is kept.
    public static func grid(for g: ImageGeometry, spacing new: Spacing) -> ImageGeometry {
        func count(_ n: Int, _ s: Double, _ t: Double) -> Int {
            max(1, Int((Double(n) * s / t).rounded(.toNearestOrAwayFromZero)))
        }
        return ImageGeometry(size: GridSize(count(g.size.x, g.spacing.x, new.x), count(g.size.y, g.spacing.y, new.y),
                                            count(g.size.z, g.spacing.z, new.z)),
                             spacing: new, origin: g.origin, direction: g.direction)
    }

    /// Resamples to a new spacing (see `grid(for:spacing:)`).
    public static func resample<T: VoxelScalar>(_ volume: Volume<T>, spacing: Spacing, interpolation: Interpolation = .linear,
                                                defaultValue: T = .zero, threads: Int? = nil,
                                                budget: MemoryBudget = .current) throws(VolumeError) -> Volume<T> {
        guard spacing.x > 0, spacing.y > 0, spacing.z > 0, spacing.x.isFinite, spacing.y.isFinite, spacing.z.isFinite else {
            throw .geometryMismatch("target spacing \(spacing) must be positive")
        }
        return try resample(volume, onto: grid(for: volume.geometry, spacing: spacing), interpolation: interpolation,
                            defaultValue: defaultValue, threads: threads, budget: budget)
    }

    /// Resamples onto `target` (any size, spacing, origin and direction). Linear and B-spline
    /// interpolate in `Float`; integer outputs are rounded and clamped to the type's range.
    /// A target whose buffers would exceed `budget` is refused before anything is allocated.
    public static func resample<T: VoxelScalar>(_ volume: Volume<T>, onto target: ImageGeometry,
                                                interpolation: Interpolation = .linear, defaultValue: T = .zero,
                                                threads: Int? = nil, budget: MemoryBudget = .current) throws(VolumeError) -> Volume<T> {
        guard let outCount = target.size.checkedCount, outCount > 0 else { throw .invalidSize(target.size) }
        do {
            try budget.check(workingBytes(input: volume.size.count, output: outCount, T.self, interpolation),
                             for: "resampling \(volume.size) voxels at \(volume.spacing) onto \(target.size) at \(target.spacing)")
        } catch { throw .memoryBudget(error) }
        guard let map = IndexMap(from: target, to: volume.geometry) else {
            throw .geometryMismatch("input grid has a singular direction or zero spacing")
        }
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        switch interpolation {
        case .nearest:
            let out = NearestKernel.run(volume.voxels, input: volume.size, output: target.size, map: map,
                                        defaultValue: defaultValue, workers: workers)
            return try Volume(geometry: target, voxels: out)
        case .linear, .bspline:
            let input: [Float]
            if let f = volume.voxels as? [Float] { input = f } else { input = volume.voxels.map(\.floatValue) }
            let out: [Float]
            if interpolation == .linear {
                out = LinearKernel.run(input, input: volume.size, output: target.size, map: map,
                                       defaultValue: defaultValue.floatValue, workers: workers)
            } else {
                let coefficients = BSplineKernel.coefficients(input, size: volume.size, workers: workers)
                out = BSplineKernel.run(coefficients, input: volume.size, output: target.size, map: map,
                                        defaultValue: defaultValue.floatValue, workers: workers)
            }
            if let same = out as? [T] { return try Volume(geometry: target, voxels: same) }
            return try Volume(geometry: target, voxels: out.map { T(clampingFloat: $0) })
        }
    }

    /// Bytes a resampling allocates: the output, and for linear and B-spline the `Float`
    /// working copies (input converted, B-spline coefficients, output before conversion).
    static func workingBytes<T>(input: Int, output: Int, _: T.Type, _ interpolation: Interpolation) -> Int {
        let stride = MemoryLayout<T>.stride
        var total = MemoryBudget.bytes(output, stride: stride)
        guard interpolation != .nearest else { return total }
        let isFloat = T.self == Float.self
        let extra = [isFloat ? 0 : MemoryBudget.bytes(output, stride: 4), isFloat ? 0 : MemoryBudget.bytes(input, stride: 4),
                     interpolation == .bspline ? MemoryBudget.bytes(input, stride: 4) : 0]
        for e in extra {
            let (t, o) = total.addingReportingOverflow(e)
            total = o ? Int.max : t
        }
        return total
    }

    /// Resamples onto another volume's grid.
    public static func resample<T: VoxelScalar, U: VoxelScalar>(_ volume: Volume<T>, like reference: Volume<U>,
                                                                interpolation: Interpolation = .linear,
                                                                defaultValue: T = .zero, threads: Int? = nil) throws(VolumeError) -> Volume<T> {
        try resample(volume, onto: reference.geometry, interpolation: interpolation, defaultValue: defaultValue, threads: threads)
    }

    /// Runs `body(k)` for every output slice k, spread over `workers` threads (contiguous
    /// blocks of slices per worker, so a worker's writes stay together in memory).
    static func forEachSlice(_ slices: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
        let w = min(workers, slices)
        if w <= 1 {
            for k in 0..<slices { body(k) }
            return
        }
        // More chunks than workers evens out slices that cost more (e.g. mostly inside).
        let chunks = min(slices, w * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * slices / chunks, hi = (c + 1) * slices / chunks
            for k in lo..<hi { body(k) }
        }
    }
}

extension Resampler {
    /// A fresh output of `count` voxels set to `defaultValue`, which `body` fills from views of
    /// `input` and of the output that workers can share.
    static func fill<T>(count: Int, defaultValue: T, from input: [T],
                        _ body: (SliceReader<T>, SliceWriter<T>) -> Void) -> [T] {
        var out = [T](repeating: defaultValue, count: count)
        input.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                body(SliceReader(base: s.baseAddress!), SliceWriter(base: d.baseAddress!))
            }
        }
        return out
    }

    /// Sets every output voxel of a rotated or permuted map (not separable) to `value(c)`, `c`
    /// being its continuous input index; voxels where it answers `nil` (outside the input) keep
    /// their value. The index moves by a constant step along each output row.
    @inline(__always)
    static func forEachVoxel<T>(_ outSize: GridSize, map: IndexMap, workers: Int, into dst: SliceWriter<T>,
                                _ value: @Sendable (Point3) -> T?) {
        let (ox, oy) = (outSize.x, outSize.y)
        let step = map.rowStep
        forEachSlice(outSize.z, workers: workers) { k in
            for j in 0..<oy {
                let start = map.rowStart(j, k)
                let row = dst.base + ox * (j + oy * k)
                for i in 0..<ox {
                    if let v = value(start + step * Double(i)) { row[i] = v }
                }
            }
        }
    }
}

/// The affine map from output voxel index to continuous input index:
/// `c = matrix · (i, j, k) + offset`.
struct IndexMap: Sendable {
    let matrix: Matrix3
    let offset: Point3

    init?(from output: ImageGeometry, to input: ImageGeometry) {
        guard let inverse = input.indexToWorldMatrix.inverse else { return nil }
        matrix = inverse * output.indexToWorldMatrix
        offset = inverse * (output.origin - input.origin)
    }

    /// Whether each output axis moves along the same input axis only (no rotation or
    /// permutation), so per-axis lookup tables describe the whole map.
    var isSeparable: Bool {
        for c in 0..<3 { for r in 0..<3 where r != c && abs(matrix[r, c]) > 1e-12 { return false } }
        return true
    }

    /// Continuous input index along input axis `axis` for output index `n` on the same axis
    /// (valid when separable).
    func axisIndex(_ axis: Int, _ n: Int) -> Double { matrix[axis, axis] * Double(n) + offset[axis] }

    /// Continuous input index at the start of output row (j, k).
    func rowStart(_ j: Int, _ k: Int) -> Point3 { matrix * Point3(0, Double(j), Double(k)) + offset }
    /// Change of continuous input index per step along an output row.
    var rowStep: Point3 { matrix.columns.0 }
}

/// A shared output buffer each worker writes disjoint slices of.
struct SliceWriter<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// Read-only input shared by workers.
struct SliceReader<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
}
