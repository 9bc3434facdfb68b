import Foundation
import Statistics
import Testing

@Suite struct NormalTests {
    /// scipy.stats.norm.ppf (scripts/reference_stats.py writes the same values for Evaluation).
    static let scipyQuantiles: [(p: Double, z: Double)] = [
        (0.001, -3.090232306167813), (0.025, -1.9599639845400545), (0.1, -1.2815515655446004), (0.5, 0),
        (0.9, 1.2815515655446004), (0.975, 1.959963984540054), (0.999999, 4.753424308817087),
    ]

    @Test func quantilesMatchScipy() {
        for (p, z) in Self.scipyQuantiles {
            #expect(abs(Normal.quantile(p) - z) <= 1e-12, "p = \(p)")
        }
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity)
    }

    /// Acklam's approximation alone is within its documented 1.2e-9 relative error, and is what
    /// the refined quantile starts from.
    @Test func acklamAloneIsCloseButNotRefined() {
        for (p, z) in Self.scipyQuantiles where z != 0 {
            #expect(abs(Normal.acklamQuantile(p) - z) <= 1.2e-9 * abs(z), "p = \(p)")
        }
        #expect(Normal.acklamQuantile(0.5) == 0)
        // Symmetric in the tails as well as in the middle.
        #expect(abs(Normal.acklamQuantile(0.01) + Normal.acklamQuantile(0.99)) < 1e-12)
    }

    @Test func criticalValueAndPValues() {
        #expect(abs(Normal.twoSidedCritical(level: 0.95) - 1.959963984540054) <= 1e-13)
        #expect(abs(Normal.twoSidedP(1.959963984540054) - 0.05) <= 1e-13)
        #expect(Normal.twoSidedP(0) == 1)
        // Far tail without cancellation.
        #expect(Normal.twoSidedP(30) > 0)
        #expect(Normal.cdf(0) == 0.5)
    }
}
