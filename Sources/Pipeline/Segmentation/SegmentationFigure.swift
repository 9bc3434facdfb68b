import Foundation
import MedicalIO

/// A Figure-3-style comparison: per modality one axial slice (the validation study's slice with
/// the most tumour), shown as the image with the truth contour (green), then once per network
/// with the truth (green) and the network's contour (red) over it.
enum SegmentationFigure {
    struct Row {
        var label: String
        var image: ImageVolume
        var truth: LabelVolume
        var predictions: [(String, LabelVolume)]
    }

    /// Each voxel drawn as `scale` × `scale` pixels.
    static let scale = 2

    static func png(_ rows: [Row]) throws(PNGError) -> Data {
        let panels = rows.map { row -> [[UInt8]] in
            let g = row.image.geometry
            let area = g.size.x * g.size.y
            let k = (0..<g.size.z).max { a, b in
                row.truth.voxels[(a * area)..<((a + 1) * area)].reduce(0) { $0 + Int($1) }
                    < row.truth.voxels[(b * area)..<((b + 1) * area)].reduce(0) { $0 + Int($1) }
            } ?? 0
            let slice = Array(row.image.voxels[(k * area)..<((k + 1) * area)])
            let truth = Array(row.truth.voxels[(k * area)..<((k + 1) * area)])
            let base = grey(slice)
            return [overlay(base, truth, colour: (0, 220, 0), width: g.size.x)]
                + row.predictions.map { overlay(overlay(base, truth, colour: (0, 220, 0), width: g.size.x),
                                                Array($0.1.voxels[(k * area)..<((k + 1) * area)]), colour: (255, 40, 40), width: g.size.x) }
        }
        let columns = panels.map(\.count).max() ?? 0
        let cellW = (rows.map { $0.image.geometry.size.x }.max() ?? 0) * scale
        let cellH = (rows.map { $0.image.geometry.size.y }.max() ?? 0) * scale
        let gap = 4
        let width = columns * cellW + (columns + 1) * gap, height = rows.count * cellH + (rows.count + 1) * gap
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        for (r, row) in rows.enumerated() {
            let w = row.image.geometry.size.x, h = row.image.geometry.size.y
            for (c, panel) in panels[r].enumerated() {
                let x0 = gap + c * (cellW + gap), y0 = gap + r * (cellH + gap)
                for y in 0..<(h * scale) {
                    for x in 0..<(w * scale) {
                        let src = ((y / scale) * w + x / scale) * 3, dst = ((y0 + y) * width + x0 + x) * 3
                        pixels[dst] = panel[src]; pixels[dst + 1] = panel[src + 1]; pixels[dst + 2] = panel[src + 2]
                    }
                }
            }
        }
        return try PNGEncoder.encode(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// RGB grey levels, windowed to the slice's 1st–99th percentiles.
    static func grey(_ v: [Float]) -> [UInt8] {
        let sorted = v.sorted()
        let lo = sorted[Int(Double(sorted.count - 1) * 0.01)], hi = max(sorted[Int(Double(sorted.count - 1) * 0.99)], lo + 1e-6)
        return v.flatMap { x -> [UInt8] in
            let g = UInt8(max(0, min(255, (x - lo) / (hi - lo) * 255)))
            return [g, g, g]
        }
    }

    /// Colours the boundary voxels of a 0/1 mask (inside, with a 4-neighbour outside).
    static func overlay(_ rgb: [UInt8], _ mask: [UInt8], colour: (UInt8, UInt8, UInt8), width: Int) -> [UInt8] {
        var out = rgb
        let height = mask.count / width
        for y in 0..<height {
            for x in 0..<width where mask[y * width + x] != 0 {
                let edge = x == 0 || y == 0 || x == width - 1 || y == height - 1 || mask[y * width + x - 1] == 0
                    || mask[y * width + x + 1] == 0 || mask[(y - 1) * width + x] == 0 || mask[(y + 1) * width + x] == 0
                if edge {
                    let i = (y * width + x) * 3
                    out[i] = colour.0; out[i + 1] = colour.1; out[i + 2] = colour.2
                }
            }
        }
        return out
    }
}
