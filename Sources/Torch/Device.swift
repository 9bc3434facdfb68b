import CTorch

/// Where a tensor's memory lives.
public enum Device: Hashable, Sendable, CustomStringConvertible {
    case cpu
    case cuda(Int)

    var ct: ct_device {
        switch self {
        case .cpu: return ct_device(type: 0, index: 0)
        case .cuda(let i): return ct_device(type: 1, index: Int32(i))
        }
    }
    init(_ d: ct_device) { self = d.type == 1 ? .cuda(Int(d.index)) : .cpu }

    /// Parses "cpu", "cuda" or "cuda:N".
    public init?(parsing text: String) {
        if text == "cpu" { self = .cpu; return }
        if text == "cuda" { self = .cuda(0); return }
        if text.hasPrefix("cuda:"), let i = Int(text.dropFirst(5)), i >= 0 { self = .cuda(i); return }
        return nil
    }

    public var description: String {
        switch self {
        case .cpu: return "cpu"
        case .cuda(let i): return "cuda:\(i)"
        }
    }
}
