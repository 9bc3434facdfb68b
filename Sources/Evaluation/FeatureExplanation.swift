import Vocabulary

/// What a feature-based model leans on: for each class, the features with the largest
/// standardised coefficients (log-odds per standard deviation of the feature). The caller says
/// how the coefficients were obtained (one fit on all data, or averaged over folds) in `method`.
public struct FeatureExplanation: Sendable, Codable, Equatable {
    /// One feature's standardised coefficient for one class.
    public struct Weight: Sendable, Codable, Equatable {
        public var feature: String
        public var coefficient: Double
        public init(feature: String, coefficient: Double) {
            self.feature = feature
            self.coefficient = coefficient
        }
    }

    /// How the coefficients were obtained, in words.
    public var method: String
    /// Class name (`PrimarySite.rawValue`) → its strongest features, largest |coefficient| first.
    public var strongest: [String: [Weight]]

    public init(method: String, strongest: [String: [Weight]]) {
        self.method = method
        self.strongest = strongest
    }

    /// The `count` largest-magnitude coefficients of each class; `coefficients[k][j]` is class
    /// k's coefficient of `features[j]` (classes in `PrimarySite` order).
    public init(method: String, features: [String], coefficients: [[Double]], count: Int = 8) {
        var strongest: [String: [Weight]] = [:]
        for site in PrimarySite.allCases where site.index < coefficients.count {
            let row = coefficients[site.index]
            strongest[site.rawValue] = zip(features, row)
                .sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
                .prefix(count).map { Weight(feature: $0.0, coefficient: $0.1) }
        }
        self.init(method: method, strongest: strongest)
    }

    /// The report section: one table per class.
    func section(_ h: inout HTMLWriter) {
        h.element("h2", "Explanation — strongest features per class")
        h.element("p", method, cssClass: "small")
        h.raw("<div class=\"figures\">")
        for site in PrimarySite.allCases {
            guard let weights = strongest[site.rawValue], !weights.isEmpty else { continue }
            h.raw("<table><thead>")
            h.row([site.displayName, "Coefficient"], header: true)
            h.raw("</thead><tbody>")
            for w in weights { h.row([w.feature, Format.fixed(w.coefficient, 3)]) }
            h.raw("</tbody></table>")
        }
        h.raw("</div>")
    }
}
