import Foundation
import MedicalIO

/// The reference head every synthetic patient is warped from: tissue maps on a regular grid in
/// MNI space (RAS millimetres, as the ICBM152 and Colin27 files are stored).
///
/// Eight bytes per voxel, interleaved so that one trilinear fetch reads every channel:
/// 0 T1 template intensity inside the brain (white matter ≈ 220), 1 grey-matter, 2 white-matter
/// and 3 CSF probability (0…255), 4 extra-cerebral T1 signal from Colin27 (scalp, skull, face;
/// white-matter level = 128), 5 brain mask (255 inside), 6–7 unused.
public struct TissueAtlas: Sendable {
    /// Channel positions inside a voxel's eight bytes.
    enum Channel: Int { case t1 = 0, gm, wm, csf, head, brain }

    /// Voxels along x, y, z (RAS axes).
    public let size: GridSize
    /// RAS position (mm) of voxel (0, 0, 0).
    public let origin: Point3
    /// Isotropic voxel size (mm).
    public let spacing: Double
    /// `size.count × 8` bytes, x fastest.
    let data: [UInt8]
    /// Where the description of this atlas came from (shown by `describe`).
    public let provenance: String

    /// Voxels on the grey–white junction, where metastases seed (haematogenous spread stops
    /// where arterioles narrow), stored as linear voxel indices.
    let junction: [Int32]
    /// Centre of the brain mask (RAS mm), the point acquisitions are centred on.
    public let brainCentre: Point3

    init(size: GridSize, origin: Point3, spacing: Double, data: [UInt8], provenance: String) {
        self.size = size
        self.origin = origin
        self.spacing = spacing
        self.data = data
        self.provenance = provenance
        var junction: [Int32] = []
        var centre = Point3.zero
        var n = 0.0
        let nx = size.x, ny = size.y
        for k in 0..<size.z {
            for j in 0..<ny {
                for i in 0..<nx {
                    let v = (i + nx * (j + ny * k)) * 8
                    guard data[v + 5] > 127 else { continue }
                    centre += Point3(Double(i), Double(j), Double(k))
                    n += 1
                    let gm = Int(data[v + 1]), wm = Int(data[v + 2])
                    // Both tissues present in the voxel: the cortical ribbon's inner edge.
                    if gm > 64, wm > 64, gm + wm > 200 { junction.append(Int32(v / 8)) }
                }
            }
        }
        self.junction = junction
        brainCentre = n > 0 ? origin + centre / n * spacing : origin
    }

    /// RAS position of a voxel given by its linear index.
    func position(ofVoxel v: Int) -> Point3 {
        let i = v % size.x, j = (v / size.x) % size.y, k = v / (size.x * size.y)
        return origin + Point3(Double(i), Double(j), Double(k)) * spacing
    }

    /// All channels at a RAS point by trilinear interpolation; zero outside the grid.
    @inline(__always)
    func sample(_ m: Point3) -> SIMD8<Float> {
        let q = (m - origin) / spacing
        let fx = q.x.rounded(.down), fy = q.y.rounded(.down), fz = q.z.rounded(.down)
        let i = Int(fx), j = Int(fy), k = Int(fz)
        let nx = size.x, ny = size.y
        guard i >= 0, j >= 0, k >= 0, i < nx - 1, j < ny - 1, k < size.z - 1 else { return .zero }
        let tx = Float(q.x - fx), ty = Float(q.y - fy), tz = Float(q.z - fz)
        return data.withUnsafeBufferPointer { buf -> SIMD8<Float> in
            let raw = UnsafeRawPointer(buf.baseAddress!)
            @inline(__always) func at(_ o: Int) -> SIMD8<Float> {
                SIMD8<Float>(raw.loadUnaligned(fromByteOffset: o * 8, as: SIMD8<UInt8>.self))
            }
            let b = i + nx * (j + ny * k)
            let sy = nx, sz = nx * ny
            let c00 = at(b) + (at(b + 1) - at(b)) * tx
            let c10 = at(b + sy) + (at(b + sy + 1) - at(b + sy)) * tx
            let c01 = at(b + sz) + (at(b + sz + 1) - at(b + sz)) * tx
            let c11 = at(b + sy + sz) + (at(b + sy + sz + 1) - at(b + sy + sz)) * tx
            let c0 = c00 + (c10 - c00) * ty
            let c1 = c01 + (c11 - c01) * ty
            return c0 + (c1 - c0) * tz
        }
    }

    /// The channel value at a voxel (no interpolation).
    func value(_ channel: Channel, voxel v: Int) -> UInt8 { data[v * 8 + channel.rawValue] }
}

/// Where a lesion sits relative to the tentorium and the arterial supply, from MNI coordinates.
///
/// The rules are deliberately coarse (documented in docs/cohort.md): infratentorial = cerebellum
/// and brainstem below the tentorium's slope; supratentorial territories by the classic
/// boundaries — ACA the parasagittal frontal and parietal strip, PCA the occipital lobe and the
/// inferomedial temporal lobe, MCA the remaining lateral hemisphere.
public enum BrainRegion: String, CaseIterable, Sendable {
    case aca, mca, pca, infratentorial

    /// Classifies a RAS point (mm, MNI space).
    public static func of(_ m: Point3) -> BrainRegion {
        // The tentorium is a tent: highest (z ≈ −6) at the incisura in the midline, lower
        // laterally and towards the transverse sinuses. The posterior fossa widens backwards.
        let tentorium = -6.0 - 0.12 * max(0, -50 - m.y) - 0.15 * abs(m.x)
        let halfWidth = min(50.0, 25 + 0.8 * (-35 - m.y))
        if m.y < -35, m.z < tentorium, abs(m.x) < halfWidth { return .infratentorial }
        if abs(m.x) < 12, m.y > -42, m.y < -14, m.z < -14 { return .infratentorial }
        if m.y < -68 || (m.y < -30 && m.z < 2 && abs(m.x) < 36) { return .pca }
        if abs(m.x) < 22, m.y > -68, m.z > 8 { return .aca }
        return .mca
    }
}
