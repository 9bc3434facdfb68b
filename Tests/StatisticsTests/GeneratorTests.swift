import Testing
@testable import Statistics

@Suite struct GeneratorTests {
    /// Vigna's SplitMix64 from state 0 (splitmix64.c).
    @Test func splitMix64MatchesTheReference() {
        var g = SplitMix64(seed: 0)
        #expect([g.next(), g.next(), g.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    /// xoshiro256** from the raw state (1, 2, 3, 4) (xoshiro256starstar.c).
    @Test func xoshiroMatchesTheReference() {
        var g = Xoshiro256StarStar(state: 1, 2, 3, 4)
        #expect([g.next(), g.next(), g.next(), g.next()] == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func derivedStreamsAreReproducibleAndDistinct() {
        var a = SplitMix64(seed: 7, stream: 1, 2), b = SplitMix64(seed: 7, stream: 1, 2)
        var c = SplitMix64(seed: 7, stream: 2, 1), d = SplitMix64(seed: 7)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next() && first != d.next())
        // peek gives the next value without consuming it.
        let peeked = a.peek()
        #expect(peeked == a.next())
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var m = SplitMix64(seed: 42), l = Xoshiro256StarStar(seed: 42)
        let modulo = (0..<700).map { _ in m.moduloIndex(below: 7) }
        let lemire = (0..<700).map { _ in l.lemireIndex(below: 7) }
        for draws in [modulo, lemire] {
            #expect(draws.allSatisfy { (0..<7).contains($0) })
            // Every value turns up roughly 100 times in 700 uniform draws.
            for v in 0..<7 { #expect((60...140).contains(draws.filter { $0 == v }.count)) }
        }
        #expect(m.moduloIndex(below: 1) == 0 && m.moduloIndex(below: 0) == 0)
        var again = Xoshiro256StarStar(seed: 42)
        #expect((0..<700).map { _ in again.lemireIndex(below: 7) } == lemire)
    }

    @Test func shuffleIsAPermutationAndSeeded() {
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        var x = Array(0..<50), y = Array(0..<50)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y && x != Array(0..<50) && x.sorted() == Array(0..<50))
    }

    @Test func distributionsHaveTheirMoments() {
        var g = SplitMix64(seed: 11)
        let n = 20_000
        let normals = (0..<n).map { _ in g.normal(2, 3) }
        let mean = normals.reduce(0, +) / Double(n)
        let sd = (normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        #expect(abs(mean - 2) < 0.1 && abs(sd - 3) < 0.1)
        let gammas = (0..<n).map { _ in g.gamma(shape: 0.5) }
        #expect(abs(gammas.reduce(0, +) / Double(n) - 0.5) < 0.03)
        let counts = (0..<n).map { _ in Double(g.poisson(4)) }
        #expect(abs(counts.reduce(0, +) / Double(n) - 4) < 0.1)
        let picks = (0..<n).map { _ in g.choice(weights: [1, 0, 3]) }
        #expect(!picks.contains(1) && abs(Double(picks.filter { $0 == 2 }.count) / Double(n) - 0.75) < 0.02)
    }

    @Test func seedMixingSeparatesEpochsAndPositions() {
        #expect(SeedMixing.advanced(5, by: 0) == 5)
        #expect(SeedMixing.advanced(5, by: 1) != SeedMixing.advanced(5, by: 2))
        #expect(SeedMixing.augmentation(5, epoch: 1, position: 2) != SeedMixing.augmentation(5, epoch: 2, position: 1))
        #expect(SeedMixing.step(5, 0) == 5 && SeedMixing.step(5, 1) != SeedMixing.step(5, 2))
    }
}
