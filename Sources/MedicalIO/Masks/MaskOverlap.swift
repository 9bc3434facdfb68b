/// Voxel counts of two binary masks and of their overlap — the one place MetOrigin computes the
/// Dice coefficient (segmentation validation, Table 3, lesion-wise scores, the modality-transfer
/// lesion check).
public struct MaskOverlap: Sendable, Equatable {
    /// Voxels in the first mask, in the second, and in both.
    public var first: Int
    public var second: Int
    public var both: Int

    public init(first: Int = 0, second: Int = 0, both: Int = 0) {
        self.first = first
        self.second = second
        self.both = both
    }

    /// Counts one voxel: whether it is in the first and in the second mask.
    @inlinable
    public mutating func add(_ inFirst: Bool, _ inSecond: Bool) {
        if inFirst { first += 1 }
        if inSecond { second += 1 }
        if inFirst && inSecond { both += 1 }
    }

    /// Counts every voxel of two masks of equal length (non-zero = inside).
    public init(_ a: [UInt8], _ b: [UInt8]) {
        precondition(a.count == b.count, "MaskOverlap: masks of \(a.count) and \(b.count) voxels")
        self.init()
        for i in a.indices { add(a[i] != 0, b[i] != 0) }
    }

    /// 2 |A ∩ B| / (|A| + |B|); nil when both masks are empty, where callers decide what an
    /// empty prediction of an empty truth scores (segmentation: 1; the lesion check: skipped).
    public var dice: Double? {
        first + second == 0 ? nil : 2 * Double(both) / Double(first + second)
    }
}
