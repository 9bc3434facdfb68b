/// Voxel grid geometry in DICOM/ITK's LPS patient frame (x → patient Left, y → Posterior,
/// z → Superior), millimetres throughout.
///
/// Index `(i, j, k)` maps to world `origin + direction · diag(spacing) · (i, j, k)`, where the
/// columns of `direction` are the unit vectors of the i, j and k axes — ITK's convention, so
/// numbers can be compared with SimpleITK directly. NIfTI's RAS affine is converted at the
/// file boundary (see `NIfTI`), never inside the library.

/// Number of voxels along i (columns, fastest in memory), j (rows) and k (slices).
public struct GridSize: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var z: Int
    public init(_ x: Int, _ y: Int, _ z: Int) { self.x = x; self.y = y; self.z = z }
    /// Voxel count; `nil` when it overflows `Int` or any extent is negative.
    public var checkedCount: Int? {
        guard x >= 0, y >= 0, z >= 0 else { return nil }
        let (xy, o1) = x.multipliedReportingOverflow(by: y)
        let (xyz, o2) = xy.multipliedReportingOverflow(by: z)
        return (o1 || o2) ? nil : xyz
    }
    /// Voxel count for a size already validated on construction.
    public var count: Int { x * y * z }
    public var description: String { "\(x)×\(y)×\(z)" }
}

/// Distance in millimetres between voxel centres along i, j and k.
public struct Spacing: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double
    public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    /// The paper's classification grid: 0.64 × 0.64 × 2.4 mm.
    public static let paper = Spacing(0.64, 0.64, 2.4)
    public var description: String { "\(x)×\(y)×\(z) mm" }
}

/// A point or vector in patient coordinates (mm, LPS).
public typealias Point3 = SIMD3<Double>

/// A 3×3 matrix stored as three columns. For a grid's direction, column c is axis c's unit vector.
public struct Matrix3: Hashable, Sendable {
    public var columns: (Point3, Point3, Point3)
    public init(columns c0: Point3, _ c1: Point3, _ c2: Point3) { columns = (c0, c1, c2) }
    public static let identity = Matrix3(columns: Point3(1, 0, 0), Point3(0, 1, 0), Point3(0, 0, 1))

    public subscript(row: Int, column: Int) -> Double {
        get { self.column(column)[row] }
        set {
            switch column {
            case 0: columns.0[row] = newValue
            case 1: columns.1[row] = newValue
            default: columns.2[row] = newValue
            }
        }
    }
    public func column(_ c: Int) -> Point3 { c == 0 ? columns.0 : (c == 1 ? columns.1 : columns.2) }
    public static func * (m: Matrix3, v: Point3) -> Point3 {
        m.columns.0 * v.x + m.columns.1 * v.y + m.columns.2 * v.z
    }
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a * b.columns.0, a * b.columns.1, a * b.columns.2)
    }
    public var transposed: Matrix3 {
        Matrix3(columns: Point3(self[0, 0], self[0, 1], self[0, 2]),
                Point3(self[1, 0], self[1, 1], self[1, 2]),
                Point3(self[2, 0], self[2, 1], self[2, 2]))
    }
    public var determinant: Double {
        let (a, b, c) = columns
        return a.x * (b.y * c.z - c.y * b.z) - b.x * (a.y * c.z - c.y * a.z) + c.x * (a.y * b.z - b.y * a.z)
    }
    /// Inverse by cofactors; `nil` when singular.
    public var inverse: Matrix3? {
        let det = determinant
        guard abs(det) > 1e-12 else { return nil }
        let (a, b, c) = columns
        let r0 = Point3(b.y * c.z - c.y * b.z, c.x * b.z - b.x * c.z, b.x * c.y - c.x * b.y)
        let r1 = Point3(c.y * a.z - a.y * c.z, a.x * c.z - c.x * a.z, c.x * a.y - a.x * c.y)
        let r2 = Point3(a.y * b.z - b.y * a.z, b.x * a.z - a.x * b.z, a.x * b.y - b.x * a.y)
        // r0, r1, r2 are the rows of adj(M); store as columns of the transpose.
        return Matrix3(columns: r0, r1, r2).transposed * (1 / det)
    }
    public static func * (m: Matrix3, s: Double) -> Matrix3 {
        Matrix3(columns: m.columns.0 * s, m.columns.1 * s, m.columns.2 * s)
    }
    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.columns.0 == b.columns.0 && a.columns.1 == b.columns.1 && a.columns.2 == b.columns.2
    }
    public func hash(into h: inout Hasher) {
        for c in 0..<3 { for r in 0..<3 { h.combine(self[r, c]) } }
    }
}

/// Everything about a voxel grid except its values.
public struct ImageGeometry: Hashable, Sendable {
    public var size: GridSize
    public var spacing: Spacing
    /// World position of the centre of voxel (0, 0, 0).
    public var origin: Point3
    /// Columns are the unit directions of the i, j, k axes in LPS.
    public var direction: Matrix3

    public init(size: GridSize, spacing: Spacing, origin: Point3 = .zero, direction: Matrix3 = .identity) {
        self.size = size
        self.spacing = spacing
        self.origin = origin
        self.direction = direction
    }

    /// direction · diag(spacing): maps a continuous index to a world offset.
    public var indexToWorldMatrix: Matrix3 {
        Matrix3(columns: direction.columns.0 * spacing.x, direction.columns.1 * spacing.y,
                direction.columns.2 * spacing.z)
    }

    /// World (LPS, mm) position of a continuous index.
    public func world(atIndex index: Point3) -> Point3 { origin + indexToWorldMatrix * index }

    /// Continuous index of a world position (inverse of `world(atIndex:)`).
    public func index(atWorld point: Point3) -> Point3 {
        guard let inv = indexToWorldMatrix.inverse else { return Point3(repeating: .nan) }
        return inv * (point - origin)
    }

    /// Whether two grids coincide to within `tolerance` (mm for positions, unitless for directions).
    public func isAligned(with other: ImageGeometry, tolerance: Double = 1e-4) -> Bool {
        guard size == other.size else { return false }
        let ds = Point3(spacing.x - other.spacing.x, spacing.y - other.spacing.y, spacing.z - other.spacing.z)
        guard max(abs(ds.x), abs(ds.y), abs(ds.z)) <= tolerance else { return false }
        let d0 = origin - other.origin
        guard max(abs(d0.x), abs(d0.y), abs(d0.z)) <= tolerance else { return false }
        for c in 0..<3 {
            let d = direction.column(c) - other.direction.column(c)
            if max(abs(d.x), abs(d.y), abs(d.z)) > tolerance { return false }
        }
        return true
    }
}
