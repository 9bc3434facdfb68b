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
    /// - Parameter anyModality: run even when a DICOM series' headers say it is the other
    ///   modality than the model was trained on (NIfTI files carry no such information).
    public static func run(modelFolder: String, imagePath: String, probabilityOutput: String, maskOutput: String? = nil,
                           device: Device = .cpu, anyModality: Bool = false) throws(SegmentationJobError) -> SegmentationInferenceOutcome {
        let started = Date()
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: modelFolder, device: device) } catch { throw .model(error) }
        if !anyModality { try checkModality(imagePath, expected: model.info.modality) }
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

    /// Refuses a DICOM series that `MRSeriesClassifier` recognises as the other modality (the
    /// series `ImageLoader` would pick: the image series with the most frames).
    static func checkModality(_ path: String, expected: String) throws(SegmentationJobError) {
        let lower = path.lowercased()
        guard !lower.hasSuffix(".nii") && !lower.hasSuffix(".nii.gz"),
              let scan = try? DicomScanner.scan(path: path),
              let series = scan.series.filter(\.isImage).max(by: { $0.frameCount < $1.frameCount }) else { return }
        let found = MRSeriesClassifier.classify(series.header)
        guard found.kind == .other || found.kind.rawValue == expected else {
            throw .modalityMismatch(path: path, model: expected, image: found.kind.rawValue, reason: found.reason)
        }
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
