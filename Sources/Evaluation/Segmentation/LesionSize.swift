import Foundation
import MedicalIO

/// The lesion-size bins users of metastasis segmentation ask about, by equivalent-sphere
/// diameter. Each bin includes its lower edge: a lesion of exactly 5 mm is in 5–10 mm, one of
/// exactly 20 mm in ≥ 20 mm.
public enum LesionSizeBin: String, Sendable, Codable, CaseIterable, Comparable {
    case under5 = "<5mm"
    case from5to10 = "5-10mm"
    case from10to20 = "10-20mm"
    case from20 = ">=20mm"

    /// The bin of a lesion of diameter `mm`.
    public init(diameter mm: Double) {
        switch mm {
        case ..<5: self = .under5
        case ..<10: self = .from5to10
        case ..<20: self = .from10to20
        default: self = .from20
        }
    }

    /// The diameter of the sphere holding `voxels` voxels of `spacing`: (6 V / π)^(1/3), V in mm³.
    public static func equivalentDiameter(voxels: Int, spacing: Spacing) -> Double {
        let volume = Double(voxels) * spacing.x * spacing.y * spacing.z
        return cbrt(6 * volume / Double.pi)
    }

    public static func < (a: LesionSizeBin, b: LesionSizeBin) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
