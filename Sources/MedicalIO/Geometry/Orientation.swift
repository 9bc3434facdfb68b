/// An anatomical orientation code in ITK/DICOM's "direction the axis points to" convention:
/// "LPS" means i increases towards the patient's Left, j towards Posterior, k towards Superior
/// (the identity direction in our LPS world frame). "RAS" is NIfTI/nibabel's canonical grid.
public struct OrientationCode: Hashable, Sendable, CustomStringConvertible {
    /// For each voxel axis: which world axis (0 = x, 1 = y, 2 = z) it follows and with which sign.
    public let axes: [(world: Int, sign: Double)]

    public static let lps = OrientationCode(unchecked: [(0, 1), (1, 1), (2, 1)])
    public static let ras = OrientationCode(unchecked: [(0, -1), (1, -1), (2, 1)])

    private init(unchecked axes: [(world: Int, sign: Double)]) { self.axes = axes }

    /// Parses three letters from L/R, P/A, S/I, one from each pair (e.g. "LPS", "RAS", "PIR").
    public init?(_ code: String) {
        let letters = Array(code.uppercased())
        guard letters.count == 3 else { return nil }
        var axes: [(world: Int, sign: Double)] = []
        for ch in letters {
            switch ch {
            case "L": axes.append((0, 1))
            case "R": axes.append((0, -1))
            case "P": axes.append((1, 1))
            case "A": axes.append((1, -1))
            case "S": axes.append((2, 1))
            case "I": axes.append((2, -1))
            default: return nil
            }
        }
        guard Set(axes.map(\.world)).count == 3 else { return nil }
        self.axes = axes
    }

    /// The code closest to a direction matrix (each column assigned its dominant world axis).
    public init(direction: Matrix3) {
        let assignment = Self.assign(direction)
        axes = (0..<3).map { c in
            let w = assignment[c]
            return (w, direction[w, c] < 0 ? -1 : 1)
        }
    }

    public var description: String {
        String(axes.map { a -> Character in
            switch (a.world, a.sign > 0) {
            case (0, true): return "L"
            case (0, false): return "R"
            case (1, true): return "P"
            case (1, false): return "A"
            case (2, true): return "S"
            default: return "I"
            }
        })
    }

    public static func == (a: OrientationCode, b: OrientationCode) -> Bool { a.description == b.description }
    public func hash(into h: inout Hasher) { h.combine(description) }

    /// For each voxel axis (column) the world axis it is closest to, with every world axis used
    /// once: the largest |cosine| in the matrix is assigned first, then the largest remaining.
    /// Deterministic for oblique grids (ties broken by lower index).
    static func assign(_ d: Matrix3) -> [Int] {
        var result = [-1, -1, -1]
        var usedWorld = Set<Int>()
        for _ in 0..<3 {
            var best = (value: -1.0, column: 0, world: 0)
            for c in 0..<3 where result[c] < 0 {
                for w in 0..<3 where !usedWorld.contains(w) {
                    let v = abs(d[w, c])
                    if v > best.value { best = (v, c, w) }
                }
            }
            result[best.column] = best.world
            usedWorld.insert(best.world)
        }
        return result
    }
}

extension ImageGeometry {
    /// The orientation code of this grid's axes (e.g. "LPS" for an identity direction).
    public var orientation: OrientationCode { OrientationCode(direction: direction) }
}
