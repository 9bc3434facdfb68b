/// Splits `total` into integer parts proportional to `weights` (Hamilton's largest-remainder
/// method; ties go to the earlier entry so the result is deterministic).
public func largestRemainder(total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard total > 0, sum > 0 else { return weights.map { _ in 0 } }
    let quotas = weights.map { Double(total) * $0 / sum }
    var parts = quotas.map { Int($0.rounded(.down)) }
    let order = quotas.indices.sorted { a, b in
        let ra = quotas[a] - Double(parts[a]), rb = quotas[b] - Double(parts[b])
        return ra != rb ? ra > rb : a < b
    }
    var left = total - parts.reduce(0, +)
    for i in order where left > 0 { parts[i] += 1; left -= 1 }
    return parts
}
