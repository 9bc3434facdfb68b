import Foundation
import MedicalIO

/// A lesion made ready for per-voxel evaluation on one output grid: shape matrix, squared reach
/// and the index-space box outside which it cannot touch a voxel.
struct PreparedLesion {
    let centre: SIMD3<Float>
    /// Maps an offset from the centre to the unit-sphere frame of the ellipsoid.
    let shape: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)
    let radius: Float
    let core: Float
    let oedema: Float
    let reach2: Float
    let enhancement: Float
    let heterogeneity: Float
    let haemorrhage: Float
    let cystic: Bool
    let irregularity: Float
    let lobe: SIMD3<Float>
    let waves: [SIMD3<Float>]
    let phases: [Float]
    /// Inclusive index-space bounds (i, j, k) of the lesion's reach.
    let lower: SIMD3<Int>
    let upper: SIMD3<Int>

    init(_ l: Lesion, indexToAtlas a: Matrix3, atlasOffset b: Point3, spacing: Spacing) {
        centre = SIMD3<Float>(Float(l.centre.x), Float(l.centre.y), Float(l.centre.z))
        // Rows of diag(1/axes) · Rᵀ: component n of the result is (column n of R / axis n) · d.
        let r = l.orientation
        shape = (SIMD3<Float>(r.column(0) / l.axes.x), SIMD3<Float>(r.column(1) / l.axes.y),
                 SIMD3<Float>(r.column(2) / l.axes.z))
        radius = Float(l.radius)
        core = Float(l.coreFraction)
        oedema = Float(max(1, l.oedemaRatio))
        let maxAxis = max(l.axes.x, l.axes.y, l.axes.z)
        let reach = l.radius * max(1, l.oedemaRatio) * maxAxis * (1 + l.irregularity) + 1.5
        reach2 = Float(reach * reach)
        enhancement = Float(l.enhancement)
        heterogeneity = Float(l.heterogeneity)
        haemorrhage = Float(l.haemorrhage)
        cystic = l.morphology == .cystic
        irregularity = Float(l.irregularity)
        lobe = SIMD3<Float>(l.texture.lobePhases)
        waves = l.texture.waves.map { SIMD3<Float>($0) }
        phases = l.texture.phases.map { Float($0) }
        // Box in output index space: map the centre back through the affine part, widen by the
        // reach plus the largest elastic displacement, converted to voxels along each axis.
        let inv = a.inverse ?? .identity
        let c = inv * (l.centre - b)
        // Columns of `a` have length spacing/scale; the world→atlas scale is at most ~1.25.
        let margin = reach + 9
        func half(_ col: Int) -> Double {
            let len = (a.column(col) * a.column(col)).sum().squareRoot()
            return margin / max(len, 1e-6) + 1
        }
        let h = Point3(half(0), half(1), half(2))
        lower = SIMD3<Int>(Int((c.x - h.x).rounded(.down)), Int((c.y - h.y).rounded(.down)),
                           Int((c.z - h.z).rounded(.down)))
        upper = SIMD3<Int>(Int((c.x + h.x).rounded(.up)), Int((c.y + h.y).rounded(.up)),
                           Int((c.z + h.z).rounded(.up)))
    }

    /// What one lesion does at an atlas point.
    struct Effect {
        /// Tumour weight (soft inside-ness), core weight, oedema weight (before tissue gating).
        var tumour: Float = 0
        var coreWeight: Float = 0
        var oedema: Float = 0
        var texture: Float = 0
        var patch: Float = 0
        /// Hard truth: 0 none, 1 enhancing, 2 core (oedema is decided by the caller).
        var label: UInt8 = 0
        var inOedema = false
    }

    @inline(__always)
    func effect(at m: SIMD3<Float>) -> Effect? {
        let d = m - centre
        let d2 = (d * d).sum()
        guard d2 < reach2 else { return nil }
        let q = SIMD3<Float>((shape.0 * d).sum(), (shape.1 * d).sum(), (shape.2 * d).sum())
        let qlen = max((q * q).sum().squareRoot(), 1e-4)
        let u = q / qlen
        let lob = 1 + irregularity * (0.6 * sinf(3 * u.x + lobe.x) * sinf(2 * u.y + lobe.y) + 0.4 * sinf(3 * u.z + lobe.z))
        let s = qlen / (radius * lob)
        let h = min(0.35, 0.6 / radius)
        var e = Effect()
        e.tumour = smoothStep(1 + h, 1 - h, s)
        if core > 0 { e.coreWeight = smoothStep(core + h, core - h, s) }
        if s < oedema {
            e.oedema = max(0, min(1, (oedema - s) / ((oedema - 1) * 0.5 + h)))
            e.inOedema = s >= 1
        }
        if s < 1 { e.label = (core > 0 && s < core) ? 2 : 1 }
        if e.tumour > 0.005 {
            var t: Float = 0
            for w in 0..<5 { t += sinf((waves[w] * d).sum() + phases[w]) }
            e.texture = max(-1, min(1, t * 0.45))
            if haemorrhage > 0 {
                e.patch = max(0, min(1, 0.55 + 1.2 * sinf((waves[5] * d).sum() + phases[5])
                                     * sinf((waves[6] * d).sum() + phases[6])))
            }
        }
        return e
    }
}

/// Hermite step from 0 at `edge0` to 1 at `edge1` (either order).
@inline(__always)
func smoothStep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    let t = max(0, min(1, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}
