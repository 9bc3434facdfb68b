import Foundation
import MedicalIO
import Statistics

/// Builds the tissue atlas from the fetched templates (data/anatomy/, see scripts/setup.sh) and
/// caches it there as `atlas-v1.bin`, so later runs load 70 MB of bytes instead of inflating and
/// combining five NIfTI files.
///
/// Registration of Colin27 to ICBM152: both are distributed in MNI space, so only a crude
/// per-axis affine is needed; it maps the bounding box of Colin27's brain (ch2bet) onto the
/// bounding box of the ICBM152 brain mask. The two boxes differ by under 2 mm per side.
public enum AtlasStore {
    static let cacheName = "atlas-v1.bin"
    static let magic = Array("MOATLAS1".utf8)
    static let t1 = "mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"
    static let gm = "mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz"
    static let wm = "mni_icbm152_wm_tal_nlin_sym_09a_converted.nii.gz"
    static let colin = "ch2.nii.gz"
    static let colinBrain = "ch2bet.nii.gz"

    /// The anatomy folder: `METORIGIN_ANATOMY`, else `data/anatomy` in the current folder or
    /// any parent, else next to the executable's package. `nil` when none holds the templates.
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        func holds(_ dir: String) -> Bool {
            fm.fileExists(atPath: dir + "/" + cacheName) || fm.fileExists(atPath: dir + "/" + t1)
        }
        if let env = ProcessInfo.processInfo.environment["METORIGIN_ANATOMY"], !env.isEmpty {
            return holds(env) ? env : nil
        }
        var starts = [fm.currentDirectoryPath]
        starts.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path)
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<8 {
                let candidate = url.appendingPathComponent("data/anatomy").path
                if holds(candidate) { return candidate }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Loads the cached atlas from `directory`, building (and caching) it first if needed.
    public static func load(directory: String) throws(CohortError) -> TissueAtlas {
        let cache = directory + "/" + cacheName
        if let data = FileManager.default.contents(atPath: cache), let atlas = decode(data, path: cache) {
            return atlas
        }
        let atlas = try build(directory: directory)
        do { try AtomicFile.write(encode(atlas), to: cache) } catch {
            throw .output(path: cache, reason: error.reason)
        }
        return atlas
    }

    /// Reads the five templates and combines them into the eight-channel atlas.
    static func build(directory: String) throws(CohortError) -> TissueAtlas {
        func read(_ name: String) throws(CohortError) -> Volume<UInt8> {
            let path = directory + "/" + name
            do {
                let image = try NIfTI.read(path: path)
                if let v = image.storedVolume(as: UInt8.self) { return v }
                let f = try image.volume()
                return f.map { UInt8(clampingFloat: $0) }
            } catch {
                throw .input(path: path, reason: "\(error)")
            }
        }
        let t1 = try read(Self.t1), gm = try read(Self.gm), wm = try read(Self.wm)
        let colin = try read(Self.colin), colinBrain = try read(Self.colinBrain)
        guard t1.size == gm.size, t1.size == wm.size else {
            throw .input(path: directory + "/" + Self.gm, reason: "ICBM152 maps do not share one grid")
        }
        // The atlas grid is the ICBM152 grid expressed in RAS: same voxels, flipped x and y axes
        // handled through world coordinates.
        let g = t1.geometry
        let size = g.size
        let cornerA = ras(g.world(atIndex: .zero))
        let cornerB = ras(g.world(atIndex: Point3(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))))
        let origin = Point3(min(cornerA.x, cornerB.x), min(cornerA.y, cornerB.y), min(cornerA.z, cornerB.z))
        let spacing = g.spacing.x
        // ICBM brain mask: nilearn's rule, template above 0.2 of its range.
        let icbmBox = boundingBox(t1) { $0 > 51 }
        let colinBox = boundingBox(colinBrain) { $0 > 0 }
        guard let icbmBox, let colinBox else {
            throw .input(path: directory, reason: "empty brain mask in the templates")
        }
        let scale = (colinBox.hi - colinBox.lo) / (icbmBox.hi - icbmBox.lo)
        let colinWM = percentile(colin, inside: colinBrain, 0.85)
        var data = [UInt8](repeating: 0, count: size.count * 8)
        for k in 0..<size.z {
            for j in 0..<size.y {
                for i in 0..<size.x {
                    let m = origin + Point3(Double(i), Double(j), Double(k)) * spacing
                    let v = (i + size.x * (j + size.y * k)) * 8
                    let t = nearest(t1, m), pg = nearest(gm, m), pw = nearest(wm, m)
                    let brain = t > 51
                    data[v + 0] = brain ? t : 0
                    data[v + 1] = brain ? pg : 0
                    data[v + 2] = brain ? pw : 0
                    data[v + 3] = brain ? UInt8(max(0, 255 - Int(pg) - Int(pw))) : 0
                    data[v + 5] = brain ? 255 : 0
                    // Colin27 point matching m under the bounding-box affine.
                    let mc = colinBox.lo + (m - icbmBox.lo) * scale
                    let insideColinBrain = trilinear(colinBrain, mc) > 0.5
                    // Inside Colin's skull but outside the ICBM brain: subarachnoid CSF.
                    let head = insideColinBrain ? 20 : trilinear(colin, mc) / colinWM * 128
                    data[v + 4] = UInt8(max(0, min(255, head.rounded())))
                }
            }
        }
        return TissueAtlas(size: size, origin: origin, spacing: spacing, data: data,
                           provenance: "ICBM152 2009a sym (nilearn 0.14.1) + Colin27 (mricron-data), \(spacing) mm")
    }

    static func ras(_ lps: Point3) -> Point3 { Point3(-lps.x, -lps.y, lps.z) }

    static func nearest(_ v: Volume<UInt8>, _ m: Point3) -> UInt8 {
        let q = v.geometry.index(atWorld: ras(m))
        let i = Int(q.x.rounded()), j = Int(q.y.rounded()), k = Int(q.z.rounded())
        guard i >= 0, j >= 0, k >= 0, i < v.size.x, j < v.size.y, k < v.size.z else { return 0 }
        return v[i, j, k]
    }

    static func trilinear(_ v: Volume<UInt8>, _ m: Point3) -> Double {
        let q = v.geometry.index(atWorld: ras(m))
        let i = Int(q.x.rounded(.down)), j = Int(q.y.rounded(.down)), k = Int(q.z.rounded(.down))
        guard i >= 0, j >= 0, k >= 0, i < v.size.x - 1, j < v.size.y - 1, k < v.size.z - 1 else { return 0 }
        let tx = q.x - Double(i), ty = q.y - Double(j), tz = q.z - Double(k)
        var s = 0.0
        for dz in 0...1 {
            for dy in 0...1 {
                for dx in 0...1 {
                    let w = (dx == 1 ? tx : 1 - tx) * (dy == 1 ? ty : 1 - ty) * (dz == 1 ? tz : 1 - tz)
                    s += w * Double(v[i + dx, j + dy, k + dz])
                }
            }
        }
        return s
    }

    /// RAS bounding box of the voxels passing `test`.
    static func boundingBox(_ v: Volume<UInt8>, _ test: (UInt8) -> Bool) -> (lo: Point3, hi: Point3)? {
        var lo = Point3(repeating: .infinity), hi = Point3(repeating: -.infinity)
        for k in 0..<v.size.z {
            for j in 0..<v.size.y {
                for i in 0..<v.size.x where test(v[i, j, k]) {
                    let p = ras(v.geometry.world(atIndex: Point3(Double(i), Double(j), Double(k))))
                    lo = pointwiseMin(lo, p)
                    hi = pointwiseMax(hi, p)
                }
            }
        }
        return lo.x.isFinite ? (lo, hi) : nil
    }

    static func percentile(_ v: Volume<UInt8>, inside mask: Volume<UInt8>, _ q: Double) -> Double {
        var histogram = [Int](repeating: 0, count: 256)
        for (x, m) in zip(v.voxels, mask.voxels) where m > 0 { histogram[Int(x)] += 1 }
        return Percentile.nearestRank(histogram: histogram, q).map { Double(max($0, 1)) } ?? 255
    }

    /// Cache layout: magic, three Int32 sizes, origin (3 × Float64), spacing (Float64), then
    /// the interleaved voxels, all little-endian.
    static func encode(_ atlas: TissueAtlas) -> Data {
        var d = Data(magic)
        for n in [atlas.size.x, atlas.size.y, atlas.size.z] { withUnsafeBytes(of: Int32(n).littleEndian) { d.append(contentsOf: $0) } }
        for x in [atlas.origin.x, atlas.origin.y, atlas.origin.z, atlas.spacing] {
            withUnsafeBytes(of: x.bitPattern.littleEndian) { d.append(contentsOf: $0) }
        }
        let provenance = Data(atlas.provenance.utf8.prefix(200))
        withUnsafeBytes(of: Int32(provenance.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(provenance)
        d.append(contentsOf: atlas.data)
        return d
    }

    /// `nil` when the bytes are not a complete cache (then the atlas is rebuilt).
    static func decode(_ d: Data, path: String) -> TissueAtlas? {
        let bytes = [UInt8](d)
        guard bytes.count >= 56, Array(bytes[0..<8]) == magic else { return nil }
        func i32(_ o: Int) -> Int { Int(Int32(littleEndian: bytes[o..<o + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })) }
        func f64(_ o: Int) -> Double {
            Double(bitPattern: UInt64(littleEndian: bytes[o..<o + 8].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        }
        let size = GridSize(i32(8), i32(12), i32(16))
        guard size.x > 1, size.y > 1, size.z > 1, size.x < 2000, size.y < 2000, size.z < 2000,
              let count = size.checkedCount else { return nil }
        let origin = Point3(f64(20), f64(28), f64(36)), spacing = f64(44)
        let plen = i32(52)
        guard plen >= 0, plen <= 200, bytes.count == 56 + plen + count * 8, spacing > 0 else { return nil }
        let provenance = String(decoding: bytes[56..<56 + plen], as: UTF8.self)
        return TissueAtlas(size: size, origin: origin, spacing: spacing, data: Array(bytes[(56 + plen)...]),
                           provenance: provenance)
    }
}
