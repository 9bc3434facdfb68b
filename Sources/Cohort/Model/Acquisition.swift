import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// Which voxel grids studies are written on.
public enum CohortResolution: Sendable, Equatable, CustomStringConvertible {
    /// Realistic protocols per scanner: T1 CE 3D ≈ 0.9 × 0.9 × 1–1.5 mm, FLAIR 2D 0.43–0.94 mm
    /// in-plane with 3–6 mm slices.
    case paper
    /// ≈ 2 mm grids for CPU demos and tests: T1 CE 2 × 2 × 2 mm, FLAIR 2 × 2 × 4 mm.
    case demo
    /// Every study on this spacing (x, y, z in mm).
    case custom(Spacing)

    /// Parses `paper`, `demo` or `X,Y,Z` (positive millimetres, at least 0.2 mm each).
    public init(parsing text: String) throws(CohortError) {
        switch text.lowercased() {
        case "paper": self = .paper
        case "demo": self = .demo
        default:
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2],
                  x >= 0.2, y >= 0.2, z >= 0.2, x <= 20, y <= 20, z <= 20
            else { throw .badArgument("unknown resolution '\(text)': use paper, demo or X,Y,Z in mm (0.2…20)") }
            self = .custom(Spacing(x, y, z))
        }
    }

    public var description: String {
        switch self {
        case .paper: "paper"
        case .demo: "demo"
        case .custom(let s): "\(s.x),\(s.y),\(s.z)"
        }
    }
}

/// Plans the voxel grid of one acquisition: spacing, field of view and a slightly oblique axial
/// orientation centred near the patient's brain.
enum Acquisition {
    static func geometry(modality: Modality, scanner: ScannerProfile, resolution: CohortResolution,
                         anatomy: PatientAnatomy, atlas: TissueAtlas, random: inout SplitMix64) -> ImageGeometry {
        let (matrix, fov, slice) = scanner.protocolGeometry(modality)
        // Technologists vary the field of view a little around the protocol's.
        let fovInPlane = fov + random.uniform(-10, 10)
        let spacing: Spacing
        switch resolution {
        case .paper:
            let s = fovInPlane / Double(matrix)
            spacing = Spacing(s, s, slice)
        case .demo:
            spacing = modality == .t1ce ? Spacing(2, 2, 2) : Spacing(2, 2, 4)
        case .custom(let s):
            spacing = s
        }
        // Whole-brain coverage from the foramen magnum to the vertex, with margin.
        let coverage = modality == .t1ce ? random.uniform(160, 180) : random.uniform(150, 170)
        let nx = max(8, Int((fovInPlane / spacing.x).rounded()))
        let ny = max(8, Int((fovInPlane / spacing.y).rounded()))
        let nz = max(4, Int((coverage / spacing.z).rounded(.up)))
        // Obliquity: tilt along the AC–PC line (about x) and small roll and yaw.
        let deg = Double.pi / 180
        let direction = LesionSampler.rotation(random.uniform(-8, 8) * deg, random.uniform(-3, 3) * deg,
                                               random.uniform(-3, 3) * deg)
        // Centre: mid-brain along z (MNI z ≈ 8 sits between vertex and foramen magnum).
        let centreAtlas = Point3(atlas.brainCentre.x, atlas.brainCentre.y, 8)
        let centre = anatomy.world(ofAtlas: centreAtlas)
            + Point3(random.uniform(-6, 6), random.uniform(-6, 6), random.uniform(-5, 5))
        let half = Point3(Double(nx - 1) * spacing.x, Double(ny - 1) * spacing.y, Double(nz - 1) * spacing.z) / 2
        let origin = centre - direction * half
        return ImageGeometry(size: GridSize(nx, ny, nz), spacing: spacing, origin: origin, direction: direction)
    }
}

/// Why the cohort generator refused or failed; the description names the argument or file.
public enum CohortError: Error, CustomStringConvertible, Equatable {
    case badArgument(String)
    case output(path: String, reason: String)
    case input(path: String, reason: String)

    public var description: String {
        switch self {
        case .badArgument(let why): return why
        case .output(let path, let reason): return "cannot write \(path): \(reason)"
        case .input(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}
