import Dispatch
import Foundation
import MedicalIO
import Radiomics
import Training
import Vocabulary

/// One lesion of one study image: its size, position and pyradiomics features.
public struct LesionRecord: Sendable, Codable, Equatable {
    /// 1-based, in `MaskComponents` scan order.
    public var lesionID: Int
    public var voxels: Int
    public var volumeMM3: Double
    /// Mean voxel position in patient coordinates (LPS, mm).
    public var centroid: [Double]
    /// The 107 features in `RadiomicsExtractor.featureNames` order; nil when pyradiomics refuses
    /// the region (a single voxel or a line) — the lesion still counts in number and volume.
    public var features: [Double]?
}

/// The lesions of one acquired image of one study (empty when its mask has no lesion).
public struct ImageLesions: Sendable, Codable {
    public var studyID: String
    public var patientID: String
    public var modality: String
    /// Fingerprint of the inputs and settings; a cached file with another key is recomputed.
    public var key: String
    public var lesions: [LesionRecord]

    public init(studyID: String, patientID: String, modality: String, key: String, lesions: [LesionRecord]) {
        self.studyID = studyID
        self.patientID = patientID
        self.modality = modality
        self.key = key
        self.lesions = lesions
    }
}

/// Settings of the per-lesion extraction.
public struct LesionExtractionOptions: Sendable {
    public var masks: LesionMaskSource = .truth
    /// Smaller components are dropped from the mask (noise in a thresholded map).
    public var minimumLesionVoxels = 1
    /// pyradiomics settings. Whole-image normalisation (scale 100) makes the fixed bin width of
    /// 25 a quarter of the image's standard deviation whatever the scanner's intensity scale.
    public var settings = RadiomicsSettings(binWidth: 25, normalize: true, normalizeScale: 100)
    /// One JSON file per study image; nil disables the cache.
    public var cacheFolder: String?
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public init() {}
}

/// Why lesions could not be extracted; names the file.
public struct LesionExtractionError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// The lesions of every acquired image of every study, extracted concurrently over images and
/// cached on disk per image (an interrupted run resumes where it stopped).
public enum LesionExtraction {
    /// `result[s][modality]` holds study s's lesions of that modality; a modality is absent when
    /// the study has no acquired image of it or (predicted masks) no map for it.
    public static func run(studies: [Study], options: LesionExtractionOptions,
                           log: @escaping @Sendable (String) -> Void) throws -> [[String: ImageLesions]] {
        var index: ProbabilityMapIndex?
        if case .probabilityMaps(let folder, _) = options.masks {
            index = try ProbabilityMapIndex.read(path: "\(folder)/\(ProbabilityMapIndex.fileName)")
        }
        if let cache = options.cacheFolder {
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        }
        // One job per acquired image that has a mask.
        var jobs: [(study: Int, row: ManifestRow, mask: String)] = []
        for (s, study) in studies.enumerated() {
            for row in study.realRows {
                guard let mask = options.masks.maskPath(for: row, index: index) else {
                    if case .truth = options.masks {
                        throw LesionExtractionError(path: study.manifestPath + (row.line.map { ":\($0)" } ?? ""),
                                                    reason: "study \(row.studyID) \(row.modality) has no truth_path")
                    }
                    continue
                }
                jobs.append((s, row, mask))
            }
        }
        let results = ResultSlots<Result<ImageLesions, Error>>(count: jobs.count)
        let progress = ProgressCounter(total: jobs.count, log: log)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, options.threads)
        for (j, job) in jobs.enumerated() {
            queue.addOperation {
                let r = Result { try extract(row: job.row, maskPath: job.mask, options: options) }
                results[j] = r
                progress.step()
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        var out = [[String: ImageLesions]](repeating: [:], count: studies.count)
        for (j, job) in jobs.enumerated() {
            switch results[j] {
            case .success(let lesions)?: out[job.study][job.row.modality] = lesions
            case .failure(let e)?: throw e
            case nil: break
            }
        }
        return out
    }

    /// The lesions of one image under one mask, from the cache when its key matches.
    static func extract(row: ManifestRow, maskPath: String, options: LesionExtractionOptions) throws -> ImageLesions {
        let key = cacheKey(imagePath: row.path, maskPath: maskPath, options: options)
        let cacheFile = options.cacheFolder.map { "\($0)/\(safeName(row.studyID)).\(safeName(row.modality)).json" }
        if let cacheFile, let data = FileManager.default.contents(atPath: cacheFile),
           let cached = try? decoder.decode(ImageLesions.self, from: data), cached.key == key {
            return cached
        }
        let image = try ImageLoader.load(row)
        let mask = try ImageLoader.load(path: maskPath)
        guard image.geometry.isAligned(with: mask.geometry) else {
            throw LesionExtractionError(path: maskPath, reason: "not on the grid of \(row.path): mask "
                + RadiomicsError.describe(mask.geometry) + ", image " + RadiomicsError.describe(image.geometry))
        }
        let lesions = try lesionRecords(image: image, tumour: options.masks.tumour(mask), options: options, path: row.path)
        let result = ImageLesions(studyID: row.studyID, patientID: row.patientID, modality: row.modality, key: key,
                                  lesions: lesions)
        if let cacheFile { try AtomicFile.write(try encoder.encode(result), to: cacheFile) }
        return result
    }

    /// The lesions of `tumour` (a flag per voxel of `image`'s grid) with their features.
    public static func lesionRecords(image: ImageVolume, tumour: [Bool], options: LesionExtractionOptions,
                                     path: String) throws -> [LesionRecord] {
        let g = image.geometry
        // Whole-image normalisation reads every voxel; otherwise only the lesions' matter.
        let normalised = options.settings.normalize
        for (i, inside) in tumour.enumerated() where (inside || normalised) && !image.voxels[i].isFinite {
            throw LesionExtractionError(path: path, reason: "non-finite intensity at voxel \(i)"
                + (inside ? ", inside a lesion" : " (the whole image is normalised)"))
        }
        let intensities = RadiomicsExtractor.preparedIntensities(image, settings: options.settings)
        let voxelVolume = g.spacing.x * g.spacing.y * g.spacing.z
        return try MaskComponents.find(tumour, size: g.size, minimumVoxels: max(1, options.minimumLesionVoxels)).map { c in
            var sum = Point3.zero
            for i in c.voxels {
                sum += Point3(Double(i % g.size.x), Double((i / g.size.x) % g.size.y), Double(i / (g.size.x * g.size.y)))
            }
            let centre = g.world(atIndex: sum / Double(c.voxelCount))
            var features: [Double]?
            do throws(RadiomicsError) {
                features = try RadiomicsExtractor.features(intensities: intensities, geometry: g, voxels: c.voxels,
                                                           settings: options.settings).values
            } catch {
                switch error {
                case .singleVoxel, .tooFewDimensions: break
                default: throw LesionExtractionError(path: path, reason: "lesion \(c.id): \(error)")
                }
            }
            return LesionRecord(lesionID: c.id, voxels: c.voxelCount, volumeMM3: Double(c.voxelCount) * voxelVolume,
                                centroid: [centre.x, centre.y, centre.z], features: features)
        }
    }

    /// Some features are undefined for some regions (NaN); JSON has no NaN, so they are strings.
    static let nonFinite = (positive: "inf", negative: "-inf", nan: "nan")
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite.positive,
                                                                negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: nonFinite.positive,
                                                                  negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return d
    }

    /// Image and mask contents, mask rule, minimum size and radiomics settings.
    static func cacheKey(imagePath: String, maskPath: String, options: LesionExtractionOptions) -> String {
        let s = options.settings
        return [SegmentationModel.fingerprint(ofInput: imagePath) ?? imagePath,
                SegmentationModel.fingerprint(ofInput: maskPath) ?? maskPath,
                options.masks.cacheKey, "min\(options.minimumLesionVoxels)",
                "bw\(s.binWidth) n\(s.normalize) \(s.normalizeScale) \(s.removeOutliers ?? -1) \(s.voxelArrayShift)",
                "v1"].joined(separator: "|")
    }

    static func safeName(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

/// Logs "extracted n/N" about every 5 % of the jobs.
final class ProgressCounter: @unchecked Sendable {
    private let total: Int
    private let log: @Sendable (String) -> Void
    private var done = 0
    private let lock = NSLock()
    private let started = Date()
    init(total: Int, log: @escaping @Sendable (String) -> Void) { self.total = total; self.log = log }
    func step() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if done == total || done % max(1, total / 20) == 0 {
            log(String(format: "radiomics: %d/%d images (%.0f s)", done, total, Date().timeIntervalSince(started)))
        }
    }
}
