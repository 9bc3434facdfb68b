import Torch

/// Dropout in training mode only, drawing its masks from `generator` when one is given (a
/// trainer-owned generator makes training reproducible and resumable) and from the global
/// generator otherwise; the identity for `p` = 0 or outside training.
func seededDropout(_ x: Tensor, p: Double, training: Bool, generator: Generator?) throws(TorchError) -> Tensor {
    guard p > 0, training else { return x }
    if let generator { return try Functional.dropout(x, p: p, training: true, generator: generator) }
    return try Functional.dropout(x, p: p, training: true)
}
