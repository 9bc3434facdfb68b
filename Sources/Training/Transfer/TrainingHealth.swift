/// Watches the four losses for the failures a GAN run cannot recover from: a non-finite value
/// (divergence) and a discriminator whose loss stays near zero (it wins outright, the
/// generators get no gradient worth following — the usual sign of mode collapse).
public struct TrainingHealth: Codable, Sendable, Equatable {
    public enum Verdict: Equatable, Sendable {
        case healthy
        /// A discriminator's loss has been below the threshold this many epochs (not yet enough to stop).
        case suspicious(epochs: Int)
        case collapsed(discriminator: String, epochs: Int)
        case nonFinite(loss: String)
    }

    public var threshold: Double
    public var patience: Int
    /// Consecutive epochs each discriminator's loss has been below `threshold`.
    public private(set) var streaks: [String: Int] = [:]

    public init(threshold: Double, patience: Int) {
        self.threshold = threshold
        self.patience = patience
    }

    /// Checks one step's losses; only finiteness matters within an epoch.
    public static func check(step losses: [String: Double]) -> Verdict {
        for name in losses.keys.sorted() where !losses[name]!.isFinite { return .nonFinite(loss: name) }
        return .healthy
    }

    /// Records an epoch's mean discriminator losses (by name) and says whether to go on.
    public mutating func record(epoch discriminatorLosses: [String: Double]) -> Verdict {
        if case .nonFinite(let name) = Self.check(step: discriminatorLosses) { return .nonFinite(loss: name) }
        var longest = 0
        for name in discriminatorLosses.keys.sorted() {
            let streak = discriminatorLosses[name]! < threshold ? (streaks[name] ?? 0) + 1 : 0
            streaks[name] = streak
            if streak >= patience { return .collapsed(discriminator: name, epochs: streak) }
            longest = max(longest, streak)
        }
        return longest > 0 ? .suspicious(epochs: longest) : .healthy
    }
}
