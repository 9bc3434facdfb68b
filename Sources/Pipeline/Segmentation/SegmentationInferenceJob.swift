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

/// `metorigin segment run`: one image (NIfTI file or DICOM study folder) through a model
/// directory → the tumour probability map on the image's own grid, and optionally the
/// thresholded mask. A DICOM folder is read through `ImageSource`: the series of the model's
/// modality (the user's choice in `selection`, else the only image series, else the one
/// `MRSeriesClassifier` calls that modality).
public enum SegmentationInferenceJob {
    /// - Parameter anyModality: run even when a DICOM series' headers say it is the other
    ///   modality than the model was trained on (NIfTI files carry no such information).
    public static func run(modelFolder: String, imagePath: String, selection: SeriesSelection = SeriesSelection(),
                           probabilityOutput: String, maskOutput: String? = nil,
                           device: Device = .cpu, anyModality: Bool = false) throws(SegmentationJobError) -> SegmentationInferenceOutcome {
        let started = Date()
        let model: SegmentationModel
        do { model = try SegmentationModel.load(from: modelFolder, device: device) } catch { throw .model(error) }
        let kind = MRSeriesKind(rawValue: model.info.modality) ?? .other
        let source: ImageSource
        let series: ImageSource.Series?
        do {
            source = try ImageSource.open(imagePath, selection: selection)
            series = try source.series(for: kind)
        } catch { throw .source(error) }
        if !anyModality, let series { try checkModality(series, path: imagePath, expected: kind) }
        let image: ImageVolume
        do { image = try source.volume(for: kind) } catch { throw .source(error) }
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

    /// Refuses a series that `MRSeriesClassifier` recognises as the other modality (a folder's
    /// only series is taken whatever its headers say, so this is where a mismatch shows).
    static func checkModality(_ series: ImageSource.Series, path: String, expected: MRSeriesKind) throws(SegmentationJobError) {
        let found = series.classification
        guard found.kind == .other || found.kind == expected else {
            throw .modalityMismatch(path: path, model: expected.rawValue, image: found.kind.rawValue, reason: found.reason)
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
