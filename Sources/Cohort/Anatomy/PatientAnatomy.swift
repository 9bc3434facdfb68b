import Foundation
import MedicalIO
import Statistics

/// One synthetic patient's head: the atlas moved by a random affine (size, rotation, position)
/// and bent by a smooth elastic field. Shared by all studies of the patient.
struct PatientAnatomy: Sendable {
    /// World (LPS) → atlas (RAS) before the elastic part: m = linear · p + offset.
    let linear: Matrix3
    let offset: Point3
    /// Elastic displacement modes in atlas space: amplitude vectors, wave vectors, phases.
    let modes: [(amplitude: Point3, wave: Point3, phase: Double)]

    /// Flips RAS ↔ LPS (its own inverse).
    static let rasToLPS = Matrix3(columns: Point3(-1, 0, 0), Point3(0, -1, 0), Point3(0, 0, 1))

    init(atlas: TissueAtlas, random: inout SplitMix64) {
        // Head size varies by about ±6 % between adults, a little anisotropically.
        let s = random.logNormal(median: 1, sigma: 0.05)
        let scale = Point3(s * random.uniform(0.97, 1.03), s * random.uniform(0.97, 1.03), s * random.uniform(0.97, 1.03))
        // The stereotactic frame keeps the head near the scanner axes: a few degrees.
        let deg = Double.pi / 180
        let rotation = LesionSampler.rotation(random.normal(0, 4) * deg, random.normal(0, 2.5) * deg,
                                              random.normal(0, 2.5) * deg)
        let forward = rotation * Matrix3(columns: Point3(scale.x, 0, 0), Point3(0, scale.y, 0), Point3(0, 0, scale.z))
            * Self.rasToLPS
        // Forward is a rotation times a positive diagonal times a flip: always invertible.
        let inverse = forward.inverse ?? .identity
        // The brain centre lands within a few millimetres of the isocentre.
        let shift = Point3(random.normal(0, 3), random.normal(0, 3), random.normal(0, 4))
        let t = shift - forward * atlas.brainCentre
        linear = inverse
        offset = -(inverse * t)
        var modes: [(Point3, Point3, Double)] = []
        for _ in 0..<6 {
            var dir = Point3(random.normal(), random.normal(), random.normal())
            dir /= max((dir * dir).sum().squareRoot(), 1e-6)
            let wavelength = random.uniform(60, 160)
            let amp = Point3(random.normal(), random.normal(), random.normal()) * 1.3
            modes.append((amp, dir * (2 * Double.pi / wavelength), random.uniform(0, 2 * Double.pi)))
        }
        self.modes = modes.map { (amplitude: $0.0, wave: $0.1, phase: $0.2) }
    }

    /// World (LPS mm) position of an atlas point, ignoring the elastic part (for placing fields
    /// of view and culling lesions).
    func world(ofAtlas m: Point3) -> Point3 {
        (linear.inverse ?? .identity) * (m - offset)
    }

    /// Elastic displacement at an atlas point (mm).
    func displacement(at m: Point3) -> Point3 {
        var d = Point3.zero
        for mode in modes {
            d += mode.amplitude * sin((mode.wave * m).sum() + mode.phase)
        }
        return d
    }
}

/// The per-study smooth fields on a coarse grid in atlas space: elastic displacement (x, y, z)
/// and multiplicative bias (w). Evaluated exactly at the nodes and interpolated trilinearly
/// between them, which is far cheaper than evaluating sinusoids at every output voxel.
struct SmoothFieldGrid: Sendable {
    let origin: Point3
    let spacing: Double
    let nx: Int, ny: Int, nz: Int
    let values: [SIMD4<Float>]

    init(atlas: TissueAtlas, anatomy: PatientAnatomy, bias: BiasField, spacing: Double = 8) {
        origin = atlas.origin - Point3(repeating: 2 * spacing)
        let extent = Point3(Double(atlas.size.x), Double(atlas.size.y), Double(atlas.size.z)) * atlas.spacing
        nx = Int(extent.x / spacing) + 5
        ny = Int(extent.y / spacing) + 5
        nz = Int(extent.z / spacing) + 5
        self.spacing = spacing
        var values = [SIMD4<Float>](repeating: .zero, count: nx * ny * nz)
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let m = origin + Point3(Double(i), Double(j), Double(k)) * spacing
                    let d = anatomy.displacement(at: m)
                    values[i + nx * (j + ny * k)] = SIMD4<Float>(Float(d.x), Float(d.y), Float(d.z),
                                                                 Float(bias.value(at: m - atlas.brainCentre)))
                }
            }
        }
        self.values = values
    }

    @inline(__always)
    func sample(_ m: Point3) -> SIMD4<Float> {
        let q = (m - origin) / spacing
        let fx = q.x.rounded(.down), fy = q.y.rounded(.down), fz = q.z.rounded(.down)
        let i = min(max(Int(fx), 0), nx - 2), j = min(max(Int(fy), 0), ny - 2), k = min(max(Int(fz), 0), nz - 2)
        let tx = Float(min(max(q.x - Double(i), 0), 1)), ty = Float(min(max(q.y - Double(j), 0), 1))
        let tz = Float(min(max(q.z - Double(k), 0), 1))
        return values.withUnsafeBufferPointer { v -> SIMD4<Float> in
            let b = i + nx * (j + ny * k), sy = nx, sz = nx * ny
            let c00 = v[b] + (v[b + 1] - v[b]) * tx
            let c10 = v[b + sy] + (v[b + sy + 1] - v[b + sy]) * tx
            let c01 = v[b + sz] + (v[b + sz + 1] - v[b + sz]) * tx
            let c11 = v[b + sy + sz] + (v[b + sy + sz + 1] - v[b + sy + sz]) * tx
            let c0 = c00 + (c10 - c00) * ty
            let c1 = c01 + (c11 - c01) * ty
            return c0 + (c1 - c0) * tz
        }
    }
}

/// Receive-coil and B1 inhomogeneity: a smooth multiplicative field, a random low-order
/// polynomial plus (at 3 T) central brightening.
struct BiasField: Sendable {
    let linear: Point3
    let quadratic: Point3
    let cross: Point3
    let centre: Double

    init(amplitude: Double, fieldStrength: Double, random: inout SplitMix64) {
        let a = amplitude
        linear = Point3(random.normal(), random.normal(), random.normal()) * (a / 2)
        quadratic = Point3(random.normal(), random.normal(), random.normal()) * (a / 3)
        cross = Point3(random.normal(), random.normal(), random.normal()) * (a / 4)
        centre = fieldStrength > 2 ? a * random.uniform(0.6, 1.0) : 0
    }

    /// Multiplier at an offset (mm) from the brain centre.
    func value(at d: Point3) -> Double {
        let u = d / 90
        let r2 = (u * u).sum()
        let log = (linear * u).sum() + (quadratic * u * u).sum() + cross.x * u.x * u.y + cross.y * u.y * u.z
            + cross.z * u.x * u.z + centre * (0.5 - r2)
        return exp(max(-1, min(1, log)))
    }
}
