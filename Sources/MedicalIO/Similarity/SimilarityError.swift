/// Why two images could not be compared.
public enum SimilarityError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The images (or an image and its mask) hold different numbers of values or lie on different grids.
    case shapeMismatch(String)
    /// The mask selects no value, so there is nothing to average.
    case emptyRegion(String)
    /// A 2D slice is smaller than the SSIM window in one of its dimensions.
    case sliceTooSmall(width: Int, height: Int, window: Int)
    /// A parameter is out of its domain (names which and why).
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let why): return "images cannot be compared: \(why)"
        case .emptyRegion(let why): return "nothing to compare: \(why)"
        case let .sliceTooSmall(w, h, window):
            return "a \(w)×\(h) slice is smaller than the \(window)×\(window) SSIM window"
        case .invalidParameter(let why): return "invalid parameter: \(why)"
        }
    }
}
