/// The paper's Table 3 as text: one row per network, Dice mean ± SD on T1 CE and on FLAIR.
public enum SegmentationTable {
    /// One network's row; a missing modality prints "–".
    public struct Row: Sendable, Equatable {
        public var network: String
        public var t1ce: MeanAndSD?
        public var flair: MeanAndSD?

        public init(network: String, t1ce: MeanAndSD?, flair: MeanAndSD?) {
            self.network = network
            self.t1ce = t1ce
            self.flair = flair
        }
    }

    /// Fixed-width text with a header rule, e.g.
    ///
    ///     Network          T1 CE            FLAIR
    ///     ---------------  ---------------  ---------------
    ///     Proposed         0.812 ± 0.100    0.760 ± 0.120
    public static func render(_ rows: [Row], digits: Int = 3) -> String {
        let header = ["Network", "T1 CE Dice", "FLAIR Dice"]
        let cells = rows.map { [$0.network, $0.t1ce?.formatted(digits: digits) ?? "–", $0.flair?.formatted(digits: digits) ?? "–"] }
        let widths = (0..<3).map { c in ([header] + cells).map { $0[c].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            zip(fields, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .replacingTrailingSpaces()
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + cells.map(line)).joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
