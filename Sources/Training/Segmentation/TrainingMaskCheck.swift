import Foundation
import MedicalIO

/// What a NIfTI tumour mask must be to train on: on its image's grid, and binary unless it
/// declares itself a label map. A mask on another grid would be resampled silently (a mask
/// exported from another series, or with a shifted origin, trains on misplaced tumours), and a
/// mask holding probabilities, intensities or NaN is not a contour at all.
enum TrainingMaskCheck {
    /// How far size-free geometry may differ (mm for spacing and origin, cosine for direction):
    /// above float rounding of the same header, far below any real misregistration.
    static let tolerance = 1e-3

    /// NIfTI's `NIFTI_INTENT_LABEL`: the voxels are labels (any non-zero label is tumour).
    static let labelIntent = 1002

    /// Checks a NIfTI mask read from `path` against the image it contours.
    static func check(_ mask: NIfTIImage, _ volume: ImageVolume, path: String, image: ImageVolume) throws(SegmentationDataError) {
        guard volume.geometry.isAligned(with: image.geometry, tolerance: tolerance) else {
            throw .maskOffGrid(path: path, mask: describe(volume.geometry), image: describe(image.geometry))
        }
        guard mask.header.intentCode != labelIntent else { return }
        var other: [Float] = []
        for v in volume.voxels where v != 0 && v != 1 {
            if !other.contains(where: { $0 == v || ($0.isNaN && v.isNaN) }) { other.append(v) }
            if other.count == 3 { break }
        }
        guard other.isEmpty else {
            throw .maskNotBinary(path: path, values: other.map { "\($0)" })
        }
    }

    /// A geometry in one line: size, spacing, origin and direction columns.
    static func describe(_ g: ImageGeometry) -> String {
        func point(_ p: Point3) -> String { "(" + [p.x, p.y, p.z].map { String(format: "%.4g", $0) }.joined(separator: ", ") + ")" }
        return "\(g.size) voxels, \(g.spacing), origin \(point(g.origin)), direction "
            + (0..<3).map { point(g.direction.column($0)) }.joined(separator: " ")
    }
}
