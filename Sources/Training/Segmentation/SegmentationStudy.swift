import Foundation
import MedicalIO
import Vocabulary

/// One contoured study on a segmentation grid: the normalised image and the binary tumour mask,
/// both (z, y, x) row-major — `Volume`'s voxel order — so slice k is one contiguous run.
public struct SegmentationStudy: Sendable {
    public var studyID: String
    public var patientID: String
    public var imagePath: String
    /// The segmentation grid the voxels lie on.
    public var geometry: ImageGeometry
    public var image: [Float]
    /// 1 inside the tumour (labels 1 + 2 of the truth: enhancing and necrotic/cystic core).
    public var mask: [UInt8]

    public var sliceCount: Int { geometry.size.z }
    var sliceArea: Int { geometry.size.x * geometry.size.y }

    /// Tumour voxels in slice `k`.
    public func lesionVoxels(slice k: Int) -> Int {
        mask[(k * sliceArea)..<((k + 1) * sliceArea)].reduce(0) { $0 + Int($1) }
    }

    /// Whether slice `k` holds head rather than only the padding outside the image: at least
    /// 5 % of its voxels above the volume's background value (normalisation sets everything
    /// outside the head to the minimum).
    public func isInHead(slice k: Int, background: Float) -> Bool {
        let inside = image[(k * sliceArea)..<((k + 1) * sliceArea)].reduce(0) { $0 + ($1 > background + 1e-3 ? 1 : 0) }
        return inside * 20 >= sliceArea
    }

    /// Loads and preprocesses one contoured study: the image through the classifier's
    /// `Preprocessor` (linear resampling, head normalisation), the mask resampled linearly onto
    /// the same grid and thresholded at 0.5 (so a lesion's extent is neither grown nor shrunk by
    /// half a voxel as nearest-neighbour would on a non-integer spacing ratio). With a
    /// `cacheFolder`, both are cached keyed by the contents of image and mask, the grid and the
    /// preprocessing version.
    public static func load(_ row: ManifestRow, grid: SegmentationGrid, manifestPath: String,
                            cacheFolder: String?) throws(SegmentationDataError) -> SegmentationStudy {
        guard let maskPath = row.rtstructPath else { throw .maskNotGiven(studyID: row.studyID, manifest: manifestPath) }
        guard FileManager.default.fileExists(atPath: maskPath) else { throw .maskMissing(studyID: row.studyID, path: maskPath) }
        let key = cacheKey(imagePath: row.path, maskPath: maskPath, grid: grid)
        if let key, let folder = cacheFolder,
           let image = try? NIfTI.readVolume(path: "\(folder)/\(key).image.nii"),
           let mask = try? NIfTI.readVolume(path: "\(folder)/\(key).mask.nii"),
           image.geometry.size == mask.geometry.size {
            return SegmentationStudy(studyID: row.studyID, patientID: row.patientID, imagePath: row.path, geometry: image.geometry,
                                     image: image.voxels, mask: mask.voxels.map { $0 >= 0.5 ? 1 : 0 })
        }
        let source: ImageVolume
        do { source = try ImageLoader.load(row) } catch { throw .image(error) }
        let tumour = try TumourMask.read(path: maskPath, image: source, checkedForTraining: true)
        let image: ImageVolume
        do { image = try grid.preprocessor(for: source.geometry, cacheFolder: nil).image(path: row.path, loaded: source) } catch {
            throw .image(error)
        }
        let mask: ImageVolume
        do { mask = try Resampler.resample(tumour, onto: image.geometry, interpolation: .linear) } catch {
            throw .maskUnreadable(path: maskPath, reason: "resampling onto the segmentation grid failed: \(error)")
        }
        let binary = mask.voxels.map { $0 >= 0.5 ? UInt8(1) : 0 }
        if let key, let folder = cacheFolder {
            // A failed cache write only costs time on the next run.
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? NIfTI.write(image, to: "\(folder)/\(key).image.nii")
            if let m = try? LabelVolume(geometry: image.geometry, voxels: binary) { try? NIfTI.write(m, to: "\(folder)/\(key).mask.nii") }
        }
        return SegmentationStudy(studyID: row.studyID, patientID: row.patientID, imagePath: row.path, geometry: image.geometry,
                                 image: image.voxels, mask: binary)
    }

    /// A contoured row's tumour mask on its image's own grid (0/1), for scoring predictions there.
    public static func tumourMask(_ row: ManifestRow, image: ImageVolume, manifestPath: String) throws(SegmentationDataError) -> LabelVolume {
        guard let maskPath = row.rtstructPath else { throw .maskNotGiven(studyID: row.studyID, manifest: manifestPath) }
        guard FileManager.default.fileExists(atPath: maskPath) else { throw .maskMissing(studyID: row.studyID, path: maskPath) }
        let mask = try TumourMask.read(path: maskPath, image: image)
        do {
            let onGrid = mask.geometry.isAligned(with: image.geometry) ? mask
                : try Resampler.resample(mask, onto: image.geometry, interpolation: .nearest)
            return onGrid.map { $0 >= 0.5 ? UInt8(1) : 0 }
        } catch {
            throw .maskUnreadable(path: maskPath, reason: "resampling onto the image grid failed: \(error)")
        }
    }

    static func cacheKey(imagePath: String, maskPath: String, grid: SegmentationGrid) -> String? {
        guard let image = ContentHash.file(imagePath), let mask = ContentHash.file(maskPath) else { return nil }
        var h = ContentHash()
        h.add("segmentation-study v2 preprocessing v\(Preprocessor.version) \(grid.inPlaneSize) \(grid.inPlaneSpacing) "
              + "\(grid.sliceSpacing.map { "\($0)" } ?? "native") \(image) \(mask)")
        return "seg-" + h.hex
    }
}

/// A study's tumour mask as a 0/1 float volume: a NIfTI mask (non-zero is tumour), or a DICOM
/// RTSTRUCT whose ROIs are rasterised together onto the image's grid. For scoring, a NIfTI mask
/// may lie on any grid; `checkedForTraining` requires the image's grid and a binary mask or a
/// declared label map (`TrainingMaskCheck`).
enum TumourMask {
    static func read(path: String, image: ImageVolume, checkedForTraining: Bool = false) throws(SegmentationDataError) -> ImageVolume {
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
            let v: ImageVolume
            do {
                let file = try NIfTI.read(path: path)
                v = try file.volume()
                if checkedForTraining { try TrainingMaskCheck.check(file, v, path: path, image: image) }
            } catch let error as SegmentationDataError {
                throw error
            } catch {
                throw .maskUnreadable(path: path, reason: "\(error)")
            }
            return v.map { $0 != 0 ? Float(1) : 0 }
        }
        do {
            // A structure set without contours is a contoured study without tumour: an empty mask.
            let rt = try RTStructureSet.read(path: path)
            return try rt.labelMap(on: image.geometry).labels.map { $0 != 0 ? Float(1) : 0 }
        } catch {
            throw .maskUnreadable(path: path, reason: "\(error)")
        }
    }
}
