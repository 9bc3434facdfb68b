import Foundation

/// The softmax of a logit vector, shifted by its maximum so large logits do not overflow.
public func softmax(_ logits: [Double]) -> [Double] {
    let top = logits.max() ?? 0
    let e = logits.map { exp($0 - top) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}
