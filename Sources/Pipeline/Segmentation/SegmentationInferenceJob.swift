import Foundation
import MedicalIO
import Torch
import Training

/// What `segment run` wrote.
public struct SegmentationInferenceOutcome: Sendable {
    public var geometry: ImageGeometry
    public var tumourVoxels: Int
    public var tumourML: Double
    public var maxProbability: Float
    public var seconds: Double
}

/// `metorigin segment run`: one image (NIfTI file or DICOM series folder) through a model
/// directory → the tumour probability map on the image's own grid, and optionally the
/// thresholded mask.
public enum SegmentationInferenceJob {
    public static func run(modelFolder: String, imagePath: String, probabilityOutput: String, maskOutput: String? = nil,
                           device: Device = .cpu) throws(SegmentationJobError) -> SegmentationInferenceOutcome {
        let started = Date()
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: modelFolder, device: device) } catch { throw .model(error) }
        let image: ImageVolume
        do { image = try ImageLoader.load(path: imagePath) } catch { throw .image(error) }
        let prediction: SegmentationPrediction
        do { prediction = try model.predict(image, path: imagePath) } catch { throw .model(error) }
        try write(prediction, probability: probabilityOutput, mask: maskOutput)
        let voxels = prediction.mask.voxels.reduce(0) { $0 + Int($1) }
        let g = image.geometry
        return SegmentationInferenceOutcome(geometry: g, tumourVoxels: voxels,
                                            tumourML: Double(voxels) * g.spacing.x * g.spacing.y * g.spacing.z / 1000,
                                            maxProbability: prediction.probability.voxels.max() ?? 0,
                                            seconds: Date().timeIntervalSince(started))
    }

    static func write(_ prediction: SegmentationPrediction, probability: String, mask: String?) throws(SegmentationJobError) {
        for path in [probability] + (mask.map { [$0] } ?? []) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        do { try NIfTI.write(prediction.probability, to: probability) } catch { throw .writeFailed(path: probability, reason: "\(error)") }
        if let mask {
            do { try NIfTI.write(prediction.mask, to: mask) } catch { throw .writeFailed(path: mask, reason: "\(error)") }
        }
    }
}
