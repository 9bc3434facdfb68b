import Foundation
import MedicalIO
import Statistics

/// Seeded training-time augmentation applied identically to every input of a sample: a
/// left–right flip, a small in-plane rotation and an intensity jitter (images only, not the
/// probability map). Deterministic in (seed, epoch, position), so a resumed run repeats it.
public struct Augmentation: Codable, Sendable, Equatable {
    public var flipProbability: Double = 0.5
    public var maxRotationDegrees: Double = 8
    public var intensityScale: Double = 0.1
    public var intensityShift: Double = 0.1
    public init() {}

    /// One draw of the random parameters.
    struct Draw {
        var flip: Bool
        var angle: Double
        var scale: Float
        var shift: Float
    }

    func draw(seed: UInt64, epoch: Int, position: Int) -> Draw {
        var rng = SplitMix64(seed: SeedMixing.augmentation(seed, epoch: epoch, position: position))
        let flip = Double.random(in: 0..<1, using: &rng) < flipProbability
        let angle = Double.random(in: -maxRotationDegrees...maxRotationDegrees, using: &rng) * .pi / 180
        let scale = Float(1 + Double.random(in: -intensityScale...intensityScale, using: &rng))
        let shift = Float(Double.random(in: -intensityShift...intensityShift, using: &rng))
        return Draw(flip: flip, angle: angle, scale: scale, shift: shift)
    }

    /// Applies `draw` to a (D, H, W) volume; `isImage` adds the intensity jitter.
    static func apply(_ d: Draw, to v: [Float], size: [Int], isImage: Bool) -> [Float] {
        let (depth, h, w) = (size[0], size[1], size[2])
        var out = [Float](repeating: 0, count: v.count)
        let c = cos(d.angle), s = sin(d.angle)
        let cy = Double(h - 1) / 2, cx = Double(w - 1) / 2
        let fill = v.min() ?? 0
        v.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for z in 0..<depth {
                    let base = z * h * w
                    for y in 0..<h {
                        for x in 0..<w {
                            let xo = d.flip ? (w - 1 - x) : x
                            // Inverse rotation about the slice centre, bilinear sampling.
                            let dx = Double(xo) - cx, dy = Double(y) - cy
                            let sx = c * dx + s * dy + cx, sy = -s * dx + c * dy + cy
                            let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                            var value = fill
                            if x0 >= 0, y0 >= 0, x0 + 1 < w, y0 + 1 < h {
                                let fx = Float(sx - Double(x0)), fy = Float(sy - Double(y0))
                                let i = base + y0 * w + x0
                                let top = src[i] * (1 - fx) + src[i + 1] * fx
                                let bottom = src[i + w] * (1 - fx) + src[i + w + 1] * fx
                                value = top * (1 - fy) + bottom * fy
                            }
                            dst[base + y * w + x] = isImage ? value * d.scale + d.shift : value
                        }
                    }
                }
            }
        }
        return out
    }
}
