import Testing
@testable import Statistics

@Suite struct PercentileTests {
    @Test func linearMatchesNumPy() {
        // np.percentile([1..10], [0, 25, 50, 99.5, 100]) == [1, 3.25, 5.5, 9.955, 10]
        let v: [Float] = [7, 3, 10, 1, 5, 9, 2, 8, 6, 4]
        let p = Percentile.linear(v, percents: [0, 25, 50, 99.5, 100])
        for (a, b) in zip(p, [1, 3.25, 5.5, 9.955, 10] as [Float]) { #expect(abs(a - b) < 1e-5, "\(a) vs \(b)") }
        // Long runs of equal values (the background of an MR volume).
        let runs = [Float](repeating: 0, count: 1000) + [Float](repeating: 5, count: 10)
        #expect(Percentile.linear(runs, percents: [50, 99, 99.5]) == [0, 0, 5])
        #expect(Percentile.linear([], percents: [50])[0].isNaN)
        #expect(Percentile.linear([.nan, 2, .nan], percents: [50]) == [2])
    }

    @Test func linearOnSortedValuesIsType7() {
        #expect(Percentile.linear(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(abs(Percentile.linear(sorted: [1, 2, 3, 4, 5], 0.025) - 1.1) < 1e-12)
        #expect(Percentile.linear(sorted: [7], 0.95) == 7)
        // The two forms agree.
        let v: [Float] = [4, 8, 15, 16, 23, 42]
        #expect(Percentile.linear(sorted: v.sorted().map(Double.init), 0.95) == Double(Percentile.linear(v, percents: [95])[0]))
    }

    @Test func nearestRankDoesNotInterpolate() {
        // Values 0, 1, 1, 3: the median is the first value reaching half the count.
        let histogram = [1, 2, 0, 1]
        #expect(Percentile.nearestRank(histogram: histogram, 0.5) == 1)
        #expect(Percentile.nearestRank(histogram: histogram, 0.8) == 3)
        #expect(Percentile.nearestRank(histogram: histogram, 0) == 0)
        #expect(Percentile.nearestRank(histogram: [], 0.5) == nil)
    }

    @Test func quickselectAgreesWithSorting() {
        var rng = SplitMix64(seed: 3)
        let v = (0..<5001).map { _ in Float(rng.next() % 97) }
        let sorted = v.sorted()
        var work = v
        for k in [0, 1, 2500, 4999, 5000] { #expect(Percentile.select(&work, k) == sorted[k]) }
        // The public form: several ranks at once, the input untouched, out-of-range ranks clamped.
        #expect(Percentile.orderStatistics(v, ranks: [25, 4975, -3, 9000]) == [sorted[25], sorted[4975], sorted[0], sorted[5000]])
        #expect(Percentile.orderStatistics([], ranks: [0])[0].isNaN)
    }
}
