/// Scalar types a `Volume` may hold.
public protocol VoxelScalar: Numeric, Comparable, Sendable {
    /// Lossy conversion used by resampling and normalisation.
    var floatValue: Float { get }
    init(clampingFloat value: Float)
}

extension Float: VoxelScalar {
    public var floatValue: Float { self }
    public init(clampingFloat value: Float) { self = value }
}
extension Double: VoxelScalar {
    public var floatValue: Float { Float(self) }
    public init(clampingFloat value: Float) { self = Double(value) }
}

/// Integer voxels convert from `Float` by rounding to nearest and clamping into the widest range
/// of floats the type can hold; NaN becomes 0.
extension VoxelScalar where Self: FixedWidthInteger {
    public var floatValue: Float { Float(self) }
    public init(clampingFloat value: Float) {
        guard !value.isNaN else { self = 0; return }
        // Float(max) rounds up past the range for 32- and 64-bit types: step back one float.
        let upper = Float(Self.max)
        let highest = Self(exactly: upper) == nil ? upper.nextDown : upper
        self.init(Swift.max(Float(Self.min), Swift.min(highest, value.rounded())))
    }
}
extension UInt8: VoxelScalar {}
extension Int8: VoxelScalar {}
extension Int16: VoxelScalar {}
extension UInt16: VoxelScalar {}
extension Int32: VoxelScalar {}
extension UInt32: VoxelScalar {}
extension Int64: VoxelScalar {}

/// A 3D image: voxel values plus their geometry. Values are stored with i fastest, then j, then
/// k (`voxels[i + size.x * (j + size.y * k)]`), the order of DICOM frames, NIfTI and ITK.
public struct Volume<Scalar: VoxelScalar>: Sendable {
    public var geometry: ImageGeometry
    public var voxels: [Scalar]

    /// Fails when the voxel count does not match the geometry.
    public init(geometry: ImageGeometry, voxels: [Scalar]) throws(VolumeError) {
        guard let n = geometry.size.checkedCount else { throw .invalidSize(geometry.size) }
        guard n == voxels.count else { throw .voxelCountMismatch(expected: n, actual: voxels.count) }
        self.geometry = geometry
        self.voxels = voxels
    }

    /// A volume filled with `value`.
    public init(geometry: ImageGeometry, repeating value: Scalar) throws(VolumeError) {
        guard let n = geometry.size.checkedCount else { throw .invalidSize(geometry.size) }
        self.geometry = geometry
        self.voxels = [Scalar](repeating: value, count: n)
    }

    public var size: GridSize { geometry.size }
    public var spacing: Spacing { geometry.spacing }

    @inlinable public func linearIndex(_ i: Int, _ j: Int, _ k: Int) -> Int {
        i + geometry.size.x * (j + geometry.size.y * k)
    }

    @inlinable public subscript(i: Int, j: Int, k: Int) -> Scalar {
        get { voxels[linearIndex(i, j, k)] }
        set { voxels[linearIndex(i, j, k)] = newValue }
    }

    /// The same geometry with values converted elementwise.
    public func map<T: VoxelScalar>(_ transform: (Scalar) -> T) -> Volume<T> {
        // Geometry is unchanged and already validated.
        try! Volume<T>(geometry: geometry, voxels: voxels.map(transform))
    }

    /// Slice k as a row-major 2D array (j rows of i columns).
    public func slice(_ k: Int) -> ArraySlice<Scalar> {
        let n = geometry.size.x * geometry.size.y
        return voxels[(k * n)..<((k + 1) * n)]
    }
}

/// A float image, the form every network consumes.
public typealias ImageVolume = Volume<Float>
/// A label or binary mask (0 = background).
public typealias LabelVolume = Volume<UInt8>

/// Why a `Volume` could not be built.
public enum VolumeError: Error, Equatable, CustomStringConvertible {
    case invalidSize(GridSize)
    case voxelCountMismatch(expected: Int, actual: Int)
    case geometryMismatch(String)
    /// The grid asked for would exceed the memory budget.
    case memoryBudget(MemoryBudgetExceeded)

    public var description: String {
        switch self {
        case .invalidSize(let s): return "invalid grid size \(s)"
        case .voxelCountMismatch(let e, let a): return "grid needs \(e) voxels, got \(a)"
        case .geometryMismatch(let why): return "geometry mismatch: \(why)"
        case .memoryBudget(let e): return e.description
        }
    }
}
