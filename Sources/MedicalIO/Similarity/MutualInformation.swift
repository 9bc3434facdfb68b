import Foundation

/// Equal-width intensity bins over [lower, upper], assigned exactly as NumPy's `histogramdd`
/// does (edges from `linspace`, `searchsorted(side='right')`, the upper edge closed into the
/// last bin; a zero-width range is widened to ±0.5), so histograms agree bin for bin with the
/// Python reference.
public struct IntensityBinning: Sendable, Equatable {
    public let bins: Int
    /// The `bins + 1` bin edges in ascending order.
    public let edges: [Double]

    /// Bins spanning [lower, upper].
    public init(bins: Int, lower: Double, upper: Double) throws(SimilarityError) {
        guard bins >= 1 else { throw .invalidParameter("bin count \(bins) must be at least 1") }
        guard lower.isFinite, upper.isFinite, lower <= upper else {
            throw .invalidParameter("intensity range [\(lower), \(upper)] is not a finite interval")
        }
        let (lo, hi) = lower == upper ? (lower - 0.5, upper + 0.5) : (lower, upper)
        let step = (hi - lo) / Double(bins)
        var e = (0...bins).map { Double($0) * step + lo }
        e[bins] = hi
        self.bins = bins
        edges = e
    }

    /// Bins spanning the minimum and maximum of the selected values.
    public init(bins: Int, spanning values: [Float], mask: [Bool]? = nil) throws(SimilarityError) {
        var lo = Float.infinity, hi = -Float.infinity
        for i in values.indices where mask?[i] ?? true { lo = min(lo, values[i]); hi = max(hi, values[i]) }
        guard lo <= hi else { throw .emptyRegion("no value to bin") }
        try self.init(bins: bins, lower: Double(lo), upper: Double(hi))
    }

    /// The bin of `value` (0…bins − 1), or `nil` outside [lower, upper] or NaN.
    public func bin(_ value: Float) -> Int? {
        let v = Double(value)
        guard v >= edges[0], v <= edges[bins] else { return nil }
        if v == edges[bins] { return bins - 1 }
        // Estimate, then settle against the stored edges so rounding matches searchsorted.
        var b = min(bins - 1, max(0, Int((v - edges[0]) / (edges[bins] - edges[0]) * Double(bins))))
        while b + 1 < bins, edges[b + 1] <= v { b += 1 }
        while b > 0, edges[b] > v { b -= 1 }
        return b
    }

    /// The bin of every value (−1 where `bin` is `nil`), for histograms built many times over.
    public func binIndices(_ values: [Float]) -> [Int32] { values.map { Int32(bin($0) ?? -1) } }
}

/// A joint histogram of two images' binned intensities and the entropies drawn from it.
public struct JointHistogram: Sendable {
    public let binsA: Int, binsB: Int
    /// Counts with A's bin major: `counts[a * binsB + b]`.
    public private(set) var counts: [Double]
    public private(set) var total: Double = 0

    public init(binsA: Int, binsB: Int) {
        self.binsA = binsA
        self.binsB = binsB
        counts = [Double](repeating: 0, count: binsA * binsB)
    }

    /// Counts one pixel whose intensities fell into bins `a` and `b`.
    public mutating func add(_ a: Int, _ b: Int) {
        counts[a * binsB + b] += 1
        total += 1
    }

    /// Shannon entropies (natural log) of A, of B, and of the pair; zero for an empty histogram.
    public var entropies: (a: Double, b: Double, joint: Double) {
        guard total > 0 else { return (0, 0, 0) }
        var rowSums = [Double](repeating: 0, count: binsA), columnSums = [Double](repeating: 0, count: binsB)
        var joint = 0.0
        for a in 0..<binsA {
            for b in 0..<binsB {
                let c = counts[a * binsB + b]
                guard c > 0 else { continue }
                rowSums[a] += c; columnSums[b] += c
                let p = c / total
                joint -= p * log(p)
            }
        }
        func entropy(_ sums: [Double]) -> Double {
            var h = 0.0
            for c in sums where c > 0 { let p = c / total; h -= p * log(p) }
            return h
        }
        return (entropy(rowSums), entropy(columnSums), joint)
    }

    /// Studholme's normalised mutual information (H(A) + H(B)) / H(A, B): 2 when one image
    /// determines the other, 1 when they are independent. When the joint entropy is 0 (both
    /// images constant) there is nothing shared beyond chance and the value is 1.
    public var normalisedMutualInformation: Double {
        let h = entropies
        return h.joint > 0 ? (h.a + h.b) / h.joint : 1
    }
}

extension ImageSimilarity {
    /// The default number of bins per image for mutual information.
    public static let defaultMutualInformationBins = 32

    /// Normalised mutual information (Studholme 1999), (H(A) + H(B)) / H(A, B), from a
    /// `bins` × `bins` joint histogram of the selected values, each image binned over its own
    /// min…max there unless `rangeA`/`rangeB` fix the spans (values outside a fixed span are left
    /// out, as NumPy does). Symmetric in its arguments.
    public static func normalisedMutualInformation(_ a: [Float], _ b: [Float], bins: Int = defaultMutualInformationBins,
                                                   mask: [Bool]? = nil, rangeA: ClosedRange<Double>? = nil,
                                                   rangeB: ClosedRange<Double>? = nil) throws(SimilarityError) -> Double {
        try checkShapes(a.count, b.count, mask?.count)
        let binningA: IntensityBinning, binningB: IntensityBinning
        if let rangeA {
            binningA = try IntensityBinning(bins: bins, lower: rangeA.lowerBound, upper: rangeA.upperBound)
        } else {
            binningA = try IntensityBinning(bins: bins, spanning: a, mask: mask)
        }
        if let rangeB {
            binningB = try IntensityBinning(bins: bins, lower: rangeB.lowerBound, upper: rangeB.upperBound)
        } else {
            binningB = try IntensityBinning(bins: bins, spanning: b, mask: mask)
        }
        var histogram = JointHistogram(binsA: bins, binsB: bins)
        for i in a.indices where mask?[i] ?? true {
            if let p = binningA.bin(a[i]), let q = binningB.bin(b[i]) { histogram.add(p, q) }
        }
        guard histogram.total > 0 else { throw .emptyRegion("no value pair falls inside both intensity ranges") }
        return histogram.normalisedMutualInformation
    }

    /// Normalised mutual information of two volumes on the same grid, over a mask on that grid.
    public static func normalisedMutualInformation(_ a: ImageVolume, _ b: ImageVolume,
                                                   bins: Int = defaultMutualInformationBins,
                                                   mask: LabelVolume? = nil) throws(SimilarityError) -> Double {
        try normalisedMutualInformation(a.voxels, b.voxels, bins: bins, mask: try selection(a, b, mask))
    }
}
