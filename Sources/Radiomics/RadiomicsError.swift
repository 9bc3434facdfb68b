import MedicalIO

/// Why features could not be extracted.
public enum RadiomicsError: Error, Equatable, CustomStringConvertible {
    /// The mask holds no voxel with the requested label.
    case emptyMask(label: Int)
    /// The region is a single voxel (pyradiomics refuses it too: texture needs neighbours).
    case singleVoxel
    /// The region extends along fewer than two axes (a line), which pyradiomics refuses.
    case tooFewDimensions(Int)
    /// Image and mask are not on the same voxel grid.
    case geometryMismatch(image: String, mask: String)
    /// The mask holds values other than 0 and the requested label.
    case unexpectedLabels([Int], expected: Int)
    /// An image voxel inside the region is NaN or infinite.
    case nonFiniteIntensity(count: Int)
    /// A setting is out of range.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .emptyMask(let label): return "the mask has no voxel with label \(label)"
        case .singleVoxel: return "the region is a single voxel; features need at least two dimensions"
        case .tooFewDimensions(let n):
            return "the region extends along \(n) axis only; features need at least two dimensions"
        case .geometryMismatch(let image, let mask):
            return "image and mask are on different grids: image \(image), mask \(mask)"
        case .unexpectedLabels(let labels, let expected):
            return "the mask holds labels \(labels.map(String.init).joined(separator: ", ")) besides 0; "
                + "expected only \(expected) (choose one with --label)"
        case .nonFiniteIntensity(let n): return "\(n) image voxel(s) inside the mask are NaN or infinite"
        case .invalidSetting(let why): return "invalid setting: \(why)"
        }
    }

    /// A one-line summary of a grid for error messages.
    public static func describe(_ g: ImageGeometry) -> String {
        let o = g.origin
        return "\(g.size) at \(g.spacing), origin (\(fmt(o.x)), \(fmt(o.y)), \(fmt(o.z)))"
    }

    private static func fmt(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
}
