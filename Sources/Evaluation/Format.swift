/// Number formatting for tables and plots, fixed-point without Foundation's locale handling.
enum Format {
    /// `value` with `digits` decimals (3 by default), e.g. 0.8781 → "0.878".
    static func fixed(_ value: Double, _ digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        // Beyond this the integer split below could overflow; such values are not table material.
        guard abs(value) < 1e12, digits <= 9 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fracText = String(frac)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fracText.count) + fracText
    }

    /// Optional value or an em dash.
    static func fixed(_ value: Double?, _ digits: Int = 3) -> String { value.map { fixed($0, digits) } ?? "—" }

    /// "0.860 – 0.886" or "—".
    static func interval(_ ci: ConfidenceInterval?) -> String {
        guard let ci else { return "—" }
        return fixed(ci.lower) + " – " + fixed(ci.upper)
    }

    /// A p-value: 3 significant decimals, "< 0.001" below.
    static func pValue(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p < 0.001 ? "< 0.001" : fixed(p)
    }

    /// A percentage with one decimal.
    static func percent(_ value: Double?) -> String { value.map { fixed($0 * 100, 1) + " %" } ?? "—" }
}
