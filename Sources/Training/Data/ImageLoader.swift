import Foundation
import MedicalIO
import Vocabulary

/// Why an image could not be loaded; names the path.
public struct ImageLoadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Loads an image a manifest points at through `ImageSource`: a NIfTI file, or a DICOM series
/// folder — its one image series, or, when it holds several, the one `MRSeriesClassifier` calls
/// the row's modality.
public enum ImageLoader {
    /// - Parameter modality: the manifest row's modality; `nil` for a file that is not a study
    ///   image (a probability map, a label map), which must then hold a single image.
    public static func load(path: String, modality: MRSeriesKind? = nil) throws(ImageLoadError) -> ImageVolume {
        do {
            let source = try ImageSource.open(path, selection: SeriesSelection(remedy: .manifest))
            if let modality { return try source.volume(for: modality) }
            return try source.volume()
        } catch {
            throw ImageLoadError(path: error.path, reason: error.reason)
        }
    }

    /// The image a manifest row names, of the row's modality.
    public static func load(_ row: ManifestRow) throws(ImageLoadError) -> ImageVolume {
        try load(path: row.path, modality: row.seriesKind)
    }
}

extension ManifestRow {
    /// The row's modality as the contrast `ImageSource` picks a DICOM series by.
    public var seriesKind: MRSeriesKind? { MRSeriesKind(rawValue: modality) }
}
