import Foundation
import MedicalIO
import Models
import Vocabulary
import Training

/// What `transfer run` wrote.
public struct TransferRunResult: Sendable, Encodable {
    public var output: String
    public var target: Modality
    /// The synthetic image's grid: the input's own.
    public var size: GridSize
    public var spacing: Spacing
    public var seconds: Double

    private enum CodingKeys: String, CodingKey { case output, target, size, spacing, seconds }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(output, forKey: .output)
        try c.encode(target, forKey: .target)
        try c.encode(size.array, forKey: .size)
        try c.encode(spacing.array, forKey: .spacing)
        try c.encode(seconds, forKey: .seconds)
    }
}

/// `metorigin transfer run`: one image (NIfTI file or DICOM series folder) through a model
/// folder's CycleGAN → the other modality on the image's own grid, written as NIfTI.
public enum TransferRun {
    /// The input is the other modality than the one synthesised; `selection` overrides which
    /// series of a DICOM folder is read.
    public static func run(modelFolder: String, imagePath: String, selection: SeriesSelection = SeriesSelection(),
                           target: Modality, output: String) throws(TransferJobError) -> TransferRunResult {
        let started = Date()
        let bundle: TransferModelBundle
        do { bundle = try TransferModelBundle(folder: modelFolder) } catch { throw .data(error) }
        let source: ImageVolume
        do {
            source = try ImageSource.open(imagePath, selection: selection).volume(for: target == .t1ce ? .flair : .t1ce)
        } catch { throw .data(TransferDataError(path: imagePath, reason: error.reason)) }
        let synthetic: ImageVolume
        do { synthetic = try ModalityTransfer.synthesise(source, to: target, bundle: bundle, path: imagePath) } catch { throw .data(error) }
        do { try NIfTI.write(synthetic, to: output) } catch { throw .data(TransferDataError(path: output, reason: "cannot write: \(error)")) }
        return TransferRunResult(output: output, target: target, size: synthetic.size, spacing: synthetic.spacing,
                                 seconds: Date().timeIntervalSince(started))
    }
}
