import Foundation

/// A mean with its sample standard deviation (n − 1; 0 for a single value) and the count.
/// Empty input has `nil` mean and SD, so `metrics.json` holds `null` rather than NaN.
public struct MeanAndSD: Sendable, Codable, Equatable {
    public var mean: Double?
    public var sd: Double?
    public var count: Int

    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else { mean = nil; sd = nil; return }
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
    }

    /// "0.812 ± 0.100" with `digits` decimals, or "–" when empty.
    public func formatted(digits: Int = 3) -> String {
        guard let mean, let sd else { return "–" }
        return String(format: "%.\(digits)f ± %.\(digits)f", mean, sd)
    }
}
