import Foundation
import MedicalIO
import Vocabulary

/// Where a study's lesions come from.
public enum LesionInstanceSource: Sendable {
    /// Components of the segmentation network's probability maps (`metorigin segment maps`).
    case probabilityMaps(ProbabilityMapIndex)
    /// Components of the manifest's truth label maps (`truth_path`, labels 1–2): a labelled
    /// reference of what the classifier reaches with perfect segmentation, never a deployable mode.
    case truth

    /// "predicted" or "truth", as recorded beside the predictions.
    public var name: String {
        if case .truth = self { return "truth" }
        return "predicted"
    }
}

/// One study for the lesion-level classifier: its lesions, a crop per lesion (the largest
/// `LesionCropSettings.maxLesions`), and what the study-level descriptors are computed from.
public struct LesionStudySample: Sendable {
    public var studyID: String
    public var patientID: String
    public var site: PrimarySite
    /// Class index trained on (`site.index`).
    public var label: Int
    public var scanner: String
    public var sliceThickness: Double?
    public var t1ceState: InputState
    public var flairState: InputState
    /// Every lesion found, largest first.
    public var lesions: [LesionInstance]
    /// One crop per lesion for the first `crops.count` lesions: `LesionCropChannel.allCases.count`
    /// channels of `size`³ voxels, channel-major. A missing modality's channel is zeros, and its
    /// state (`t1ceState`/`flairState` = missing) goes to the network beside it.
    public var crops: [[Float]]

    public init(studyID: String, patientID: String, site: PrimarySite, label: Int, scanner: String, sliceThickness: Double?,
                t1ceState: InputState, flairState: InputState, lesions: [LesionInstance], crops: [[Float]]) {
        self.studyID = studyID
        self.patientID = patientID
        self.site = site
        self.label = label
        self.scanner = scanner
        self.sliceThickness = sliceThickness
        self.t1ceState = t1ceState
        self.flairState = flairState
        self.lesions = lesions
        self.crops = crops
    }

    /// Per-lesion scalars beside the crop: log volume, log volume of the matched component on
    /// the other modality's map, whether one matched, and the study's six input-state flags.
    public static let lesionFeatureCount = 3 + 6
    /// Study descriptors: no lesion found, log lesion count, log total volume, mean and maximum
    /// log lesion volume, and the six input-state flags.
    public static let descriptorCount = 5 + 6

    /// One-hot (real, synthetic, missing) for T1 CE, then for FLAIR.
    var stateFlags: [Float] {
        [t1ceState, flairState].flatMap { s in [InputState.real, .synthetic, .missing].map { $0 == s ? Float(1) : 0 } }
    }

    /// The scalars of lesion `i` (see `lesionFeatureCount`).
    func lesionFeatures(_ i: Int) -> [Float] {
        let l = lesions[i]
        return [Float(Foundation.log1p(l.volumeML)), Float(Foundation.log1p(l.matchedVolumeML ?? 0)),
                l.matchedVolumeML == nil ? 0 : 1] + stateFlags
    }

    /// The study descriptors (see `descriptorCount`), from every lesion found.
    var descriptors: [Float] {
        let logs = lesions.map { Foundation.log1p($0.volumeML) }
        let total = lesions.reduce(0) { $0 + $1.volumeML }
        return [lesions.isEmpty ? 1 : 0, Float(Foundation.log1p(Double(lesions.count))), Float(Foundation.log1p(total)),
                Float(logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)), Float(logs.max() ?? 0)] + stateFlags
    }
}

/// Loads the studies of a manifest as lesion samples: images normalised at their own
/// resolution (`IntensityNormalisation`), lesions from the instance source, crops resampled
/// onto each lesion's grid.
public enum LesionSampleLoader {
    /// - Returns: one sample per study, nil for a study without an instance map (no probability
    ///   map in the index, or no truth label map) — it cannot be classified by this model.
    public static func load(_ studies: [Study], source: LesionInstanceSource, detection: LesionDetection,
                            crop: LesionCropSettings, threads: Int = 2,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(ImageLoadError) -> [LesionStudySample?] {
        let results = ResultSlots<Result<LesionStudySample?, ImageLoadError>>(count: studies.count)
        let counter = ResultSlots<Int>(count: 1)
        let workers = max(1, threads)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < studies.count {
                results[i] = Result { () throws(ImageLoadError) -> LesionStudySample? in
                    try loadOne(studies[i], source: source, detection: detection, crop: crop)
                }
                progress?(counter.increment(), studies.count)
                i += workers
            }
        }
        var out: [LesionStudySample?] = []
        for i in studies.indices {
            switch results[i]! {
            case .success(let s): out.append(s)
            case .failure(let e): throw e
            }
        }
        return out
    }

    /// The map lesions are cut from for one real modality of `study`, as a probability in [0, 1].
    static func instanceMap(_ study: Study, modality: String, source: LesionInstanceSource) throws(ImageLoadError) -> ImageVolume? {
        guard let row = study.realRow(modality) else { return nil }
        switch source {
        case .probabilityMaps(let index):
            guard let entry = index.entry(studyID: study.studyID, modality: modality) else { return nil }
            return try ImageLoader.load(path: entry.probabilityPath)
        case .truth:
            guard let path = row.truthPath else { return nil }
            return LesionFinder.tumourMask(fromLabels: try ImageLoader.load(path: path))
        }
    }

    /// One study: lesions on the T1 CE map where the study has a real T1 CE with a map, else on
    /// the FLAIR map; with both maps the FLAIR components are matched to the T1 CE lesions.
    static func loadOne(_ study: Study, source: LesionInstanceSource, detection: LesionDetection,
                        crop: LesionCropSettings) throws(ImageLoadError) -> LesionStudySample? {
        let t1ceMap = try instanceMap(study, modality: "t1ce", source: source)
        let flairMap = try instanceMap(study, modality: "flair", source: source)
        guard let primary = t1ceMap ?? flairMap else { return nil }
        let primaryModality = t1ceMap != nil ? "t1ce" : "flair"
        var lesions = LesionFinder.lesions(in: primary, modality: primaryModality, detection: detection)
        if t1ceMap != nil, let flairMap {
            lesions = LesionFinder.match(lesions, with: LesionFinder.lesions(in: flairMap, modality: "flair", detection: detection),
                                         maximumDistance: detection.matchDistanceMM)
        }
        var images: [ImageVolume?] = []
        var outside: [Float] = []
        var paths: [String] = []
        for modality in ["t1ce", "flair"] {
            guard let row = study.row(modality) else { images.append(nil); outside.append(0); paths.append(""); continue }
            var image = try ImageLoader.load(row)
            IntensityNormalisation.normalise(&image.voxels)
            outside.append(image.voxels.min() ?? 0)
            images.append(image)
            paths.append(row.path)
        }
        var crops: [[Float]] = []
        for lesion in lesions.prefix(max(0, crop.maxLesions)) {
            var channels: [Float] = []
            channels.reserveCapacity(LesionCropChannel.allCases.count * crop.voxelCount)
            for m in 0..<2 {
                if let image = images[m] {
                    channels += try crop.crop(image, at: lesion.centroid, outside: outside[m], path: paths[m])
                } else {
                    channels += [Float](repeating: 0, count: crop.voxelCount)
                }
            }
            channels += try crop.crop(primary, at: lesion.centroid, outside: 0, path: study.studyID)
            crops.append(channels)
        }
        let site: PrimarySite
        do { site = try study.primarySite() } catch {
            throw ImageLoadError(path: error.path + (error.line.map { ":\($0)" } ?? ""), reason: error.reason)
        }
        func state(_ modality: String) -> InputState {
            guard let row = study.row(modality) else { return .missing }
            return row.synthetic ? .synthetic : .real
        }
        let anchor = images[0] ?? images[1]
        return LesionStudySample(studyID: study.studyID, patientID: study.patientID, site: site, label: site.index,
                                 scanner: study.scanner, sliceThickness: anchor?.geometry.spacing.z,
                                 t1ceState: state("t1ce"), flairState: state("flair"), lesions: lesions, crops: crops)
    }
}
