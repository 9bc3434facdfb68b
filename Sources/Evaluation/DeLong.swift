import Statistics

/// An AUC (or a linear combination of AUCs on the same studies) with its DeLong structural
/// components, expressed as one influence value per study: the estimator's variance is the sum of
/// the squared influences. Sums and differences of such estimates on the same studies are again
/// such estimates, which gives the macro average's variance and the paired DeLong test.
public struct AUCInfluence: Sendable, Equatable {
    /// The AUC (or combination of AUCs).
    public var value: Double
    /// One value per study of the table (0 for studies outside the task).
    public var influence: [Double]

    /// DeLong's variance estimate.
    public var variance: Double { influence.reduce(0) { $0 + $1 * $1 } }
    public var standardError: Double { variance.squareRoot() }

    /// `value ± z·SE`, clipped to [0, 1] as pROC does.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval {
        let half = Normal.twoSidedCritical(level: level) * standardError
        return ConfidenceInterval(lower: max(0, value - half), upper: min(1, value + half), level: level,
                                  method: .deLong)
    }

    /// The mean of several estimates on the same studies (e.g. the macro AUC).
    public static func mean(_ parts: [AUCInfluence]) -> AUCInfluence? {
        guard let first = parts.first, parts.allSatisfy({ $0.influence.count == first.influence.count }) else {
            return nil
        }
        let k = Double(parts.count)
        var influence = [Double](repeating: 0, count: first.influence.count)
        for part in parts { for i in influence.indices { influence[i] += part.influence[i] / k } }
        return AUCInfluence(value: parts.reduce(0) { $0 + $1.value } / k, influence: influence)
    }
}

/// A confidence interval and the method that produced it.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable {
        /// DeLong et al. 1988 normal approximation, computed with Sun & Xu's 2014 midrank algorithm.
        case deLong = "DeLong (Sun & Xu 2014 midrank algorithm), normal approximation"
        /// Percentile interval of a patient-level (cluster) bootstrap.
        case patientBootstrap = "patient-level bootstrap, percentile interval"
    }
    public var lower: Double
    public var upper: Double
    public var level: Double
    public var method: Method
}

/// The paired DeLong test of two correlated AUCs on the same studies.
public struct DeLongTest: Sendable, Equatable, Codable {
    public var aucA: Double
    public var aucB: Double
    /// `aucA − aucB`.
    public var difference: Double
    public var standardError: Double
    public var z: Double
    /// Two-sided p-value (1 when both AUCs and their components are identical).
    public var pValue: Double
}

/// DeLong, DeLong & Clarke-Pearson (1988) variance of the empirical AUC, computed with the
/// O(N log N) midrank algorithm of Sun & Xu (2014).
public enum DeLong {
    /// The AUC of `scores` for the `positive` studies against the others, restricted to studies
    /// with `included[i]` (all when `nil`), with its structural components. `nil` when there are
    /// fewer than two positives or two negatives (the variance is then undefined).
    ///
    /// For a positive i: V10ᵢ = (Tzᵢ − Txᵢ)/n, for a negative j: V01ⱼ = 1 − (Tzⱼ − Tyⱼ)/m, where Tz
    /// are the midranks among all included studies, Tx among positives, Ty among negatives. The
    /// influence of a positive is (V10ᵢ − AUC)/√(m(m−1)), of a negative (V01ⱼ − AUC)/√(n(n−1)), so
    /// that Σ influence² = S10/m + S01/n, DeLong's variance.
    public static func influence(scores: [Double], positive: [Bool], included: [Bool]? = nil) -> AUCInfluence? {
        precondition(scores.count == positive.count, "one flag per score")
        let members = scores.indices.filter { included?[$0] ?? true }
        let posIdx = members.filter { positive[$0] }
        let negIdx = members.filter { !positive[$0] }
        let m = posIdx.count, n = negIdx.count
        guard m >= 2, n >= 2 else { return nil }
        let tz = Ranks.midranks(members.map { scores[$0] })
        let tx = Ranks.midranks(posIdx.map { scores[$0] })
        let ty = Ranks.midranks(negIdx.map { scores[$0] })
        var tzOf = [Double](repeating: 0, count: scores.count)
        for (k, i) in members.enumerated() { tzOf[i] = tz[k] }
        let dm = Double(m), dn = Double(n)
        var v10 = [Double](), v01 = [Double]()
        v10.reserveCapacity(m); v01.reserveCapacity(n)
        for (k, i) in posIdx.enumerated() { v10.append((tzOf[i] - tx[k]) / dn) }
        for (k, j) in negIdx.enumerated() { v01.append(1 - (tzOf[j] - ty[k]) / dm) }
        let auc = v10.reduce(0, +) / dm
        var influence = [Double](repeating: 0, count: scores.count)
        let sp = (dm * (dm - 1)).squareRoot(), sn = (dn * (dn - 1)).squareRoot()
        for (k, i) in posIdx.enumerated() { influence[i] = (v10[k] - auc) / sp }
        for (k, j) in negIdx.enumerated() { influence[j] = (v01[k] - auc) / sn }
        return AUCInfluence(value: auc, influence: influence)
    }

    /// Paired test of `a` against `b` (same studies, same positives): z = (A − B)/SE(A − B).
    public static func test(_ a: AUCInfluence, _ b: AUCInfluence) -> DeLongTest? {
        guard a.influence.count == b.influence.count else { return nil }
        var variance = 0.0
        for i in a.influence.indices {
            let d = a.influence[i] - b.influence[i]
            variance += d * d
        }
        let diff = a.value - b.value
        let se = variance.squareRoot()
        // Identical inputs have no variance and no difference: nothing to reject.
        let z = se > 0 ? diff / se : (diff == 0 ? 0 : (diff > 0 ? .infinity : -.infinity))
        return DeLongTest(aucA: a.value, aucB: b.value, difference: diff, standardError: se, z: z,
                          pValue: Normal.twoSidedP(z))
    }
}
