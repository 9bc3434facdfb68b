import Foundation
import MedicalIO
import Statistics

/// Brings an image onto a network's fixed grid, as the paper's preprocessing: resample to the
/// preset spacing (linear; masks nearest) on an axis-aligned LPS grid of the network's input
/// size centred on the image, then normalise intensities (`IntensityNormalisation`: percentile
/// clipping and z-score within the head). Results are cached on disk, keyed by the input file's content hash and
/// `version`, so a second run — or the next fold — reads them back instead of recomputing.
public struct Preprocessor: Sendable {
    /// Bump when the preprocessing changes, so stale cache entries are never used.
    public static let version = 2

    /// (x, y, z) voxels of the output grid.
    public var size: GridSize
    public var spacing: Spacing
    public var cacheFolder: String?

    public init(size: GridSize, spacing: Spacing, cacheFolder: String?) {
        self.size = size
        self.spacing = spacing
        self.cacheFolder = cacheFolder
    }

    /// The output grid centred on `centre` (LPS mm), axis-aligned.
    public func grid(centredAt centre: Point3) -> ImageGeometry {
        let half = Point3(Double(size.x - 1) * spacing.x, Double(size.y - 1) * spacing.y, Double(size.z - 1) * spacing.z) / 2
        return ImageGeometry(size: size, spacing: spacing, origin: centre - half, direction: .identity)
    }

    /// World position of the centre of a volume's extent.
    public static func centre(of g: ImageGeometry) -> Point3 {
        g.world(atIndex: Point3(Double(g.size.x - 1) / 2, Double(g.size.y - 1) / 2, Double(g.size.z - 1) / 2))
    }

    /// The normalised image on the grid centred at `centre` (default: the image's own centre).
    /// - Parameters:
    ///   - modality: the contrast to take from a DICOM folder holding several series (see
    ///     `ImageLoader`); part of a DICOM input's cache key, since one folder can hold both.
    ///   - loaded: the image at `path` when the caller has already read it.
    public func image(path: String, modality: MRSeriesKind? = nil, centre: Point3? = nil,
                      loaded: ImageVolume? = nil) throws(ImageLoadError) -> ImageVolume {
        let series = ImageSource.isNIfTI(path) ? nil : modality.map { " \($0.rawValue)" }
        let key = cacheKey(path: path, kind: "image" + (series ?? ""), centre: centre)
        if let cached = readCache(key) { return cached }
        let volume: ImageVolume
        if let loaded { volume = loaded } else { volume = try ImageLoader.load(path: path, modality: modality) }
        let target = grid(centredAt: centre ?? Preprocessor.centre(of: volume.geometry))
        var out: ImageVolume
        do { out = try Resampler.resample(volume, onto: target, interpolation: .linear) } catch {
            throw ImageLoadError(path: path, reason: "resampling failed: \(error)")
        }
        IntensityNormalisation.normalise(&out.voxels)
        writeCache(key, out)
        return out
    }

    // MARK: cache

    func cacheKey(path: String, kind: String, centre: Point3?) -> String? {
        guard cacheFolder != nil, let digest = ContentHash.file(path) else { return nil }
        var h = ContentHash()
        h.add("\(kind) v\(Preprocessor.version) \(size) \(spacing) \(digest)")
        if let c = centre { h.add(String(format: "%.4f,%.4f,%.4f", c.x, c.y, c.z)) }
        return h.hex
    }

    func readCache(_ key: String?) -> ImageVolume? {
        guard let key, let folder = cacheFolder else { return nil }
        let file = "\(folder)/\(key).nii"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return try? NIfTI.readVolume(path: file)
    }

    func writeCache(_ key: String?, _ volume: ImageVolume) {
        guard let key, let folder = cacheFolder else { return }
        // A cache write failure only costs time later; the result in hand is still correct.
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? NIfTI.write(volume, to: "\(folder)/\(key).nii")
    }
}

/// FNV-1a 64-bit over bytes: a content fingerprint for cache keys (not a security hash).
struct ContentHash {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes { state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    }
    mutating func add(_ text: String) { var t = text; t.withUTF8 { add(UnsafeRawBufferPointer($0)) } }
    var hex: String { String(format: "%016llx", state) }

    /// Fingerprint of a file, or of every file under a folder (names and contents, sorted).
    static func file(_ path: String) -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        var h = ContentHash()
        var files = [path]
        if isDir.boolValue {
            files = ((FileManager.default.subpaths(atPath: path) ?? []).sorted()).map { "\(path)/\($0)" }
        }
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else { continue }
            h.add((f as NSString).lastPathComponent)
            data.withUnsafeBytes { h.add($0) }
        }
        return h.hex
    }
}
