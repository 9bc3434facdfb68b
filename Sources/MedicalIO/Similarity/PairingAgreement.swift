/// How often slice pairing found the true counterpart.
public struct PairingAgreement: Sendable, Codable, Equatable {
    /// Matches whose true counterpart is known.
    public var slices: Int
    /// Matches that chose exactly the true slice.
    public var exact: Int
    /// Matches within ±1 slice of the true slice.
    public var withinOne: Int

    public init(slices: Int = 0, exact: Int = 0, withinOne: Int = 0) {
        self.slices = slices
        self.exact = exact
        self.withinOne = withinOne
    }

    /// Scores `matches` against `truth(sliceA)`, the true slice of B; matches it answers `nil`
    /// for (no known counterpart) are not counted.
    public init(matches: [SliceMatch], truth: (Int) -> Int?) {
        self.init()
        for m in matches {
            guard let t = truth(m.sliceA) else { continue }
            slices += 1
            if m.sliceB == t { exact += 1 }
            if abs(m.sliceB - t) <= 1 { withinOne += 1 }
        }
    }

    /// Share matched exactly (NaN when nothing was counted).
    public var exactFraction: Double { slices > 0 ? Double(exact) / Double(slices) : .nan }
    /// Share matched within ±1 slice (NaN when nothing was counted).
    public var withinOneFraction: Double { slices > 0 ? Double(withinOne) / Double(slices) : .nan }

    /// Counts added up over several volumes.
    public static func + (l: PairingAgreement, r: PairingAgreement) -> PairingAgreement {
        PairingAgreement(slices: l.slices + r.slices, exact: l.exact + r.exact, withinOne: l.withinOne + r.withinOne)
    }
}
