import Foundation
import MedicalIO

extension TissueAtlas {
    /// An analytic head (scalp, skull, CSF, folded cortex, white matter, ventricles, cerebellum,
    /// brainstem) in MNI-like coordinates. Tests and machines without the fetched anatomy use it;
    /// it exercises every code path of the real atlas at a fraction of the size.
    public static func phantom(spacing: Double = 2) -> TissueAtlas {
        let lo = Point3(-92, -128, -74), hi = Point3(92, 96, 112)
        let n = (hi - lo) / spacing
        let size = GridSize(Int(n.x) + 1, Int(n.y) + 1, Int(n.z) + 1)
        var data = [UInt8](repeating: 0, count: size.count * 8)
        // Soft step: 1 well inside (d < 0), 0 well outside, over about one millimetre.
        func inside(_ d: Double) -> Double { 1 / (1 + exp(d / 0.6)) }
        // Approximate signed distance (mm) to an axis-aligned ellipsoid.
        func ellipsoid(_ p: Point3, _ c: Point3, _ r: Point3) -> Double {
            let q = (p - c) / r
            let len = (q * q).sum().squareRoot()
            return (len - 1) * min(r.x, r.y, r.z)
        }
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let p = lo + Point3(Double(i), Double(j), Double(k)) * spacing
                    let head = inside(ellipsoid(p, Point3(0, -16, 16), Point3(80, 102, 92)))
                    let skullOuter = inside(ellipsoid(p, Point3(0, -16, 16), Point3(74, 96, 86)))
                    let skullInner = inside(ellipsoid(p, Point3(0, -16, 16), Point3(68, 90, 80)))
                    // Gyri: the cortical surface undulates by ±2.5 mm.
                    let fold = 2.5 * sin(p.x * 0.35) * sin(p.y * 0.31) * sin(p.z * 0.33 + 1)
                    let cerebrumD = ellipsoid(p, Point3(0, -18, 20), Point3(64, 84, 70)) + fold
                    let cerebellumD = ellipsoid(p, Point3(0, -62, -30), Point3(46, 28, 20)) + 0.6 * fold
                    let stemD = ellipsoid(p, Point3(0, -30, -28), Point3(11, 12, 30))
                    let tentorium = p.z < -8 && p.y < -36
                    let cerebrum = tentorium ? 0 : inside(cerebrumD)
                    let brainD = min(tentorium ? 99 : cerebrumD, cerebellumD, stemD)
                    let brain = inside(brainD - 1.5)
                    let wmCerebrum = tentorium ? 0 : inside(cerebrumD + 3.5)
                    let wmCerebellum = inside(cerebellumD + 5)
                    let stem = inside(stemD)
                    var wm = max(wmCerebrum, wmCerebellum, stem)
                    let ventricle = max(inside(ellipsoid(p, Point3(9, -12, 20), Point3(5, 24, 9))),
                                        inside(ellipsoid(p, Point3(-9, -12, 20), Point3(5, 24, 9))))
                    wm *= 1 - ventricle
                    let gm = max(0, max(cerebrum, inside(cerebellumD)) - max(wmCerebrum, wmCerebellum)) * (1 - stem)
                    let csf = max(0, brain - gm - wm)
                    let v = (i + size.x * (j + size.y * k)) * 8
                    data[v + 1] = UInt8(max(0, min(255, gm * 255)))
                    data[v + 2] = UInt8(max(0, min(255, wm * 255)))
                    data[v + 3] = UInt8(max(0, min(255, csf * 255)))
                    data[v + 0] = UInt8(max(0, min(255, 220 * wm + 166 * gm + 40 * csf)))
                    // Outside the brain: scalp fat bright, bone dark, CSF dark, air black.
                    let scalp = head * (1 - skullOuter)
                    let bone = skullOuter * (1 - skullInner)
                    let extra = 190 * scalp + 18 * bone + 20 * skullInner
                    data[v + 4] = UInt8(max(0, min(255, extra)))
                    data[v + 5] = UInt8(max(0, min(255, brain * 255)))
                }
            }
        }
        return TissueAtlas(size: size, origin: lo, spacing: spacing, data: data,
                           provenance: "analytic phantom head at \(spacing) mm")
    }
}
