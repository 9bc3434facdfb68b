import Dispatch
import MedicalIO
import Vocabulary

/// One axial slice of one study of a `SegmentationDataSet`.
public struct SliceRef: Hashable, Sendable {
    /// Index into the data set's `studies`.
    public var study: Int
    public var z: Int
    public var hasLesion: Bool
}

/// The contoured studies of one modality on a segmentation grid, as slices for 2D training.
public struct SegmentationDataSet: Sendable {
    public var modality: String
    public var grid: SegmentationGrid
    public var studies: [SegmentationStudy]

    public init(modality: String, grid: SegmentationGrid, studies: [SegmentationStudy]) {
        self.modality = modality
        self.grid = grid
        self.studies = studies
    }

    /// Loads every contoured study of `modality` in the manifest (see `SegmentationStudy.load`).
    /// - Parameters:
    ///   - threads: studies preprocessed in parallel.
    ///   - progress: called after each study with (done, total).
    public static func load(manifest: Manifest, modality: String, grid: SegmentationGrid, cacheFolder: String?,
                            threads: Int = 2,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SegmentationDataError) -> SegmentationDataSet {
        guard SegmentationDataError.modalities.contains(modality) else { throw .unknownModality(modality) }
        let rows = manifest.rows.filter { $0.modality == modality && $0.contoured }
        guard !rows.isEmpty else { throw .noContouredStudies(manifest: manifest.path, modality: modality) }
        let results = ResultSlots<Result<SegmentationStudy, SegmentationDataError>>(count: rows.count)
        let counter = ResultSlots<Int>(count: 1)
        let workers = max(1, min(threads, rows.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: rows.count, by: workers) {
                results[i] = Result { () throws(SegmentationDataError) -> SegmentationStudy in
                    try SegmentationStudy.load(rows[i], grid: grid, manifestPath: manifest.path, cacheFolder: cacheFolder)
                }
                progress?(counter.increment(), rows.count)
            }
        }
        var studies: [SegmentationStudy] = []
        for i in rows.indices {
            switch results[i]! {
            case .success(let s): studies.append(s)
            case .failure(let e): throw e
            }
        }
        return SegmentationDataSet(modality: modality, grid: grid, studies: studies)
    }

    /// The in-head slices of the given studies, each marked lesion-bearing or not.
    public func slices(of studyIndices: [Int]) -> [SliceRef] {
        var out: [SliceRef] = []
        for s in studyIndices {
            let study = studies[s]
            let background = study.image.min() ?? 0
            for z in 0..<study.sliceCount {
                let lesion = study.lesionVoxels(slice: z) > 0
                if lesion || study.isInHead(slice: z, background: background) {
                    out.append(SliceRef(study: s, z: z, hasLesion: lesion))
                }
            }
        }
        return out
    }

    /// Voxels per side of every slice.
    public var sliceSide: Int { grid.inPlaneSize }

    /// Stacks slices into a (N, 1, H, W) image batch and an (N, H, W) 0/1 mask batch, both flat.
    /// With `augmentation`, each slice gets the draw for (seed, epoch, position) — a flip, a
    /// small rotation and an intensity jitter, the mask rotated with it and re-thresholded at 0.5.
    public func batch(_ refs: [SliceRef], augmentation: Augmentation? = nil, seed: UInt64 = 0, epoch: Int = 0,
                      positions: [Int] = []) -> (image: [Float], mask: [Float]) {
        let side = sliceSide, area = side * side
        var image: [Float] = [], mask: [Float] = []
        image.reserveCapacity(refs.count * area)
        mask.reserveCapacity(refs.count * area)
        for (n, ref) in refs.enumerated() {
            let study = studies[ref.study]
            let range = (ref.z * area)..<((ref.z + 1) * area)
            let slice = Array(study.image[range])
            let tumour = study.mask[range].map { Float($0) }
            if let augmentation, n < positions.count {
                let draw = augmentation.draw(seed: seed, epoch: epoch, position: positions[n])
                image += Augmentation.apply(draw, to: slice, size: [1, side, side], isImage: true)
                mask += Augmentation.apply(draw, to: tumour, size: [1, side, side], isImage: false).map { $0 >= 0.5 ? 1 : 0 }
            } else {
                image += slice
                mask += tumour
            }
        }
        return (image, mask)
    }
}
