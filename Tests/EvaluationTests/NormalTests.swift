import Foundation
import Testing
@testable import Evaluation

@Suite struct NormalTests {
    @Test func quantilesMatchScipy() throws {
        let reference = try Fixture.reference().object("normal_quantiles")
        #expect(reference.count == 7)
        for (key, value) in reference {
            let p = try #require(Double(key))
            let expected = try #require((value as? NSNumber)?.doubleValue)
            #expect(close(Normal.quantile(p), expected, 1e-12), "p = \(key)")
        }
    }

    @Test func criticalValueAndPValues() {
        #expect(close(Normal.twoSidedCritical(level: 0.95), 1.959963984540054, 1e-13))
        #expect(close(Normal.twoSidedP(1.959963984540054), 0.05, 1e-13))
        #expect(Normal.twoSidedP(0) == 1)
        // Far tail without cancellation.
        #expect(Normal.twoSidedP(30) > 0)
        #expect(close(Normal.cdf(0), 0.5))
    }
}
