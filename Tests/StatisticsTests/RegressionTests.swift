import Testing
@testable import Statistics

@Suite struct RegressionTests {
    /// One feature, two classes: x = 0 → 30 % class 1, x = 1 → 80 % class 1.
    static let data: (x: [[Double]], y: [Int]) = {
        var x: [[Double]] = [], y: [Int] = []
        for i in 0..<10 { x.append([0]); y.append(i < 3 ? 1 : 0) }
        for i in 0..<10 { x.append([1]); y.append(i < 8 ? 1 : 0) }
        return (x, y)
    }()

    @Test func newtonFitFindsTheOptimum() {
        // With a negligible penalty the fitted probabilities are the frequencies.
        let model = MultinomialLogisticRegression(features: Self.data.x, labels: Self.data.y, classCount: 2, l2: 1e-9)
        #expect(model.converged)
        #expect(abs(model.probabilities([0])[1] - 0.3) < 1e-4)
        #expect(abs(model.probabilities([1])[1] - 0.8) < 1e-4)
    }

    @Test func choleskySolves() throws {
        let x = try #require(MultinomialLogisticRegression.solve([[4, 2], [2, 3]], [2, 1]))
        #expect(abs(x[0] - 0.5) < 1e-12 && abs(x[1]) < 1e-12)
        #expect(MultinomialLogisticRegression.solve([[1, 2], [2, 1]], [1, 1]) == nil)
    }

    /// The gradient-descent fit stops after a fixed schedule, so it approaches the frequencies
    /// without reaching them, and ranks the two inputs correctly.
    @Test func gradientDescentFitMovesTowardsTheFrequencies() {
        let model = SoftmaxRegression(x: Self.data.x, y: Self.data.y, classes: 2)
        let low = model.predict([0])[1], high = model.predict([1])[1]
        #expect(low > 0.3 && low < 0.5 && high > 0.6 && high < 0.8, "\(low) \(high)")
        #expect(abs(model.predict([0]).reduce(0, +) - 1) < 1e-12)
    }

    @Test func softmaxIsStableForLargeLogits() {
        let p = softmax([1000, 1000, 999])
        #expect(abs(p[0] - p[1]) < 1e-15 && p[2] < p[0] && abs(p.reduce(0, +) - 1) < 1e-12)
    }
}
