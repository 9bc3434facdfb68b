/// Why a scheduler could not be made or could not load a state.
public enum SchedulerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A setting outside its domain (e.g. a step size of 0).
    case invalidSetting(kind: String, reason: String)
    /// A state saved by another kind of scheduler.
    case kindMismatch(expected: String, found: String)
    /// A state lacking an entry this kind needs.
    case missing(kind: String, key: String)

    public var description: String {
        switch self {
        case .invalidSetting(let kind, let reason): return "\(kind): \(reason)"
        case .kindMismatch(let expected, let found): return "cannot load a \(found) state into a \(expected) scheduler"
        case .missing(let kind, let key): return "\(kind) state lacks '\(key)'"
        }
    }
}
