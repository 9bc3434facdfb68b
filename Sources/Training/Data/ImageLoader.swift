import Foundation
import MedicalIO

/// Why an image could not be loaded; names the path.
public struct ImageLoadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Loads an image a manifest points at: a NIfTI file, or a DICOM series folder (the one image
/// series in it, or the largest when there are several).
public enum ImageLoader {
    public static func load(path: String) throws(ImageLoadError) -> ImageVolume {
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
            do { return try NIfTI.readVolume(path: path) } catch { throw ImageLoadError(path: path, reason: "\(error)") }
        }
        do {
            let scan = try DicomScanner.scan(path: path)
            let images = scan.series.filter(\.isImage)
            guard let series = images.max(by: { $0.frameCount < $1.frameCount }) else {
                throw ImageLoadError(path: path, reason: "no DICOM image series found")
            }
            return try DicomVolumeBuilder.build(series).volume
        } catch let e as ImageLoadError {
            throw e
        } catch {
            throw ImageLoadError(path: path, reason: "\(error)")
        }
    }
}
