import MedicalIO
import Vocabulary

/// One study on the classifier's grid, ready to batch. Images are (D, H, W) = (z, y, x) order,
/// which is the voxel order of `Volume` read as a row-major (z, y, x) array.
public struct ClassificationSample: Sendable {
    public var studyID: String
    public var patientID: String
    /// The study's primary site.
    public var site: PrimarySite
    /// The class index the network is trained on: `site.index` for the five-class task, the
    /// task's own index for a binary one.
    public var label: Int
    public var scanner: String
    public var t1ce: [Float]?
    public var flair: [Float]?
    public var probability: [Float]?
    public var t1ceState: InputState
    public var flairState: InputState
    /// Slice thickness of the acquired image(s) in mm, for the shortcut audit.
    public var sliceThickness: Double?

    /// A five-class sample: `label` is `site.index`.
    public init(studyID: String, patientID: String, site: PrimarySite, scanner: String, t1ce: [Float]?, flair: [Float]?,
                probability: [Float]?, t1ceState: InputState, flairState: InputState, sliceThickness: Double? = nil) {
        self.studyID = studyID
        self.patientID = patientID
        self.site = site
        self.label = site.index
        self.scanner = scanner
        self.t1ce = t1ce
        self.flair = flair
        self.probability = probability
        self.t1ceState = t1ceState
        self.flairState = flairState
        self.sliceThickness = sliceThickness
    }

    /// Samples with the same key can share a batch (the same inputs present).
    var batchKey: Int { (t1ce != nil ? 1 : 0) | (flair != nil ? 2 : 0) | (probability != nil ? 4 : 0) }
}

/// Loads the studies of a manifest onto a classifier grid, through the preprocessing cache.
public enum SampleLoader {
    /// - Parameters:
    ///   - maps: tumour probability maps (`metorigin segment maps`); a study without a map in the
    ///     index gets none, and configurations that need one skip it.
    ///   - threads: studies preprocessed in parallel.
    ///   - progress: called after each study with (done, total).
    public static func load(_ studies: [Study], preprocessor: Preprocessor, maps: ProbabilityMapIndex? = nil, threads: Int = 2,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(ImageLoadError) -> [ClassificationSample] {
        let results = ResultSlots<Result<ClassificationSample, ImageLoadError>>(count: studies.count)
        let counter = ResultSlots<Int>(count: 1)
        let total = studies.count
        let chunks = max(1, threads)
        DispatchQueue.concurrentPerform(iterations: chunks) { worker in
            var i = worker
            while i < total {
                results[i] = Result { () throws(ImageLoadError) -> ClassificationSample in try loadOne(studies[i], preprocessor, maps) }
                let done = counter.increment()
                progress?(done, total)
                i += chunks
            }
        }
        var out: [ClassificationSample] = []
        for i in 0..<total {
            switch results[i]! {
            case .success(let s): out.append(s)
            case .failure(let e): throw e
            }
        }
        return out
    }

    /// One study's inputs. A synthetic image (a manifest row with `synthetic` = 1) is loaded like
    /// a real one and recorded as `.synthetic`; the grid is centred on an acquired image, so a
    /// configuration that drops synthetic inputs sees the same real voxels.
    static func loadOne(_ study: Study, _ pre: Preprocessor, _ maps: ProbabilityMapIndex?) throws(ImageLoadError) -> ClassificationSample {
        // One grid for both modalities: centred on the real T1 CE image when there is one.
        let anchorRow = study.realRow("t1ce") ?? study.realRow("flair")!
        let anchor = try ImageLoader.load(anchorRow)
        let centre = Preprocessor.centre(of: anchor.geometry)
        func image(_ modality: String) throws(ImageLoadError) -> [Float]? {
            guard let row = study.row(modality) else { return nil }
            // The anchor image is already in memory; only the other modality is read here.
            return try pre.image(path: row.path, modality: row.seriesKind, centre: centre,
                                 loaded: row.path == anchorRow.path && row.modality == anchorRow.modality ? anchor : nil).voxels
        }
        func state(_ modality: String) -> InputState {
            guard let row = study.row(modality) else { return .missing }
            return row.synthetic ? .synthetic : .real
        }
        let thickness = anchor.geometry.spacing.z
        // The anchor modality's map first (the grid is centred on that image), else the other real
        // image's: a map describes an acquired image.
        var probability: [Float]?
        if let maps, let entry = maps.entry(studyID: study.studyID, modality: anchorRow.modality)
            ?? study.realRows.lazy.compactMap({ maps.entry(studyID: study.studyID, modality: $0.modality) }).first {
            probability = try pre.probabilityMap(path: entry.probabilityPath, centre: centre).voxels
        }
        let site: PrimarySite
        do { site = try study.primarySite() } catch {
            throw ImageLoadError(path: error.path + (error.line.map { ":\($0)" } ?? ""), reason: error.reason)
        }
        return ClassificationSample(
            studyID: study.studyID, patientID: study.patientID, site: site, scanner: study.scanner,
            t1ce: try image("t1ce"), flair: try image("flair"), probability: probability,
            t1ceState: state("t1ce"), flairState: state("flair"), sliceThickness: thickness)
    }
}

import Foundation

/// Fixed slots written from concurrent workers, each slot by one worker only.
public final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    public init(count: Int) { slots = Array(repeating: nil, count: count) }
    public subscript(i: Int) -> T? {
        get { lock.lock(); defer { lock.unlock() }; return slots[i] }
        set { lock.lock(); slots[i] = newValue; lock.unlock() }
    }
}

extension ResultSlots where T == Int {
    /// Atomically adds one to slot 0 and returns the new value.
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = (slots[0] ?? 0) + 1
        slots[0] = v
        return v
    }
}
