import Foundation

/// How strict series assembly is.
public struct DicomVolumeOptions: Sendable {
    /// Relative deviation from the median slice spacing tolerated before a warning.
    public var spacingTolerance: Double = 0.01
    /// Turn missing slices into a warning instead of an error.
    public var allowGaps: Bool = false
    /// Put slices whose spacing varies (beyond `spacingTolerance`) onto a regular grid by linear
    /// interpolation between the two nearest slices along the normal, instead of refusing them.
    public var resampleIrregular: Bool = false
    /// Decode files on this many threads (1 = serial).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Refuse a series whose voxels would exceed this.
    public var budget: MemoryBudget = .current
    public init(spacingTolerance: Double = 0.01, allowGaps: Bool = false, resampleIrregular: Bool = false,
                threads: Int? = nil, budget: MemoryBudget = .current) {
        self.spacingTolerance = spacingTolerance
        self.allowGaps = allowGaps
        self.resampleIrregular = resampleIrregular
        if let threads { self.threads = max(1, threads) }
        self.budget = budget
    }
}

/// A volume assembled from DICOM, with what was noticed on the way.
public struct DicomVolume: Sendable {
    public var volume: ImageVolume
    /// Non-fatal findings (uneven spacing, missing geometry, mosaic not unpacked, …).
    public var warnings: [String]
}

/// Builds an `ImageVolume` from a series: frames sorted along the slice normal, ITK geometry
/// (origin = first frame's ImagePositionPatient; direction columns = row cosine, column cosine,
/// slice normal pointing from the first frame to the last), rescaled float values.
public enum DicomVolumeBuilder {
    struct FrameRef: Sendable {
        var instance: Int
        var frame: Int
        var geometry: DicomFrameGeometry
    }

    /// The geometry a series will have, its frames in slice order, and the warnings — everything
    /// but the voxel values (used by `DicomInventory` without decoding pixels).
    public struct Plan: Sendable {
        /// Geometry of the frames as stored (the whole mosaic for a Siemens mosaic).
        public var geometry: ImageGeometry
        public var warnings: [String]
        var refs: [FrameRef]
        /// Set when a single Siemens mosaic image is unpacked into slices.
        var mosaic: (layout: SiemensMosaic.Layout, geometry: ImageGeometry)?
        /// Set when irregularly spaced slices are interpolated onto a regular grid.
        var regular: IrregularSlices?
        /// The geometry of the volume `build` returns.
        public var volumeGeometry: ImageGeometry { regular?.geometry ?? mosaic?.geometry ?? geometry }
    }

    /// Assembles `series` into a volume.
    public static func build(_ series: DicomSeries, options: DicomVolumeOptions = DicomVolumeOptions()) throws(DicomError) -> DicomVolume {
        let p = try plan(series, options: options)
        let label = series.instances.first.map { ($0.path as NSString).deletingLastPathComponent } ?? series.uid
        let sizeLabel = sizeSource(series, folder: label)
        guard let count = p.geometry.size.checkedCount else { throw .sizeOverflow(file: sizeLabel, reason: "\(p.geometry.size) voxels") }
        do {
            let regularCount = p.regular?.geometry.size.checkedCount ?? 0
            try options.budget.check(MemoryBudget.bytes(count + regularCount, stride: 4),
                                     for: "\(sizeLabel): \(p.volumeGeometry.size) float32 voxels of series \(series.uid)")
        } catch { throw .memoryBudget(file: sizeLabel, error) }

        // Every slot is written by exactly one frame (or decoding throws), so the buffer is not
        // zeroed first: that pass would fault in ~180 MB twice for a 512×512×176 series.
        var failure: DicomError?
        let voxels = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            do throws(DicomError) {
                try decode(series, refs: p.refs, plane: p.geometry.size.x * p.geometry.size.y, into: buffer, threads: options.threads)
                initialized = count
            } catch {
                failure = error  // Float needs no deinitialisation; nothing is kept
                initialized = 0
            }
        }
        if let failure { throw failure }
        do {
            if let regular = p.regular {
                return DicomVolume(volume: try regular.interpolate(voxels), warnings: p.warnings)
            }
            if let mosaic = p.mosaic {
                let unpacked = SiemensMosaic.unpack(voxels, mosaicColumns: p.geometry.size.x, layout: mosaic.layout)
                return DicomVolume(volume: try ImageVolume(geometry: mosaic.geometry, voxels: unpacked), warnings: p.warnings)
            }
            return DicomVolume(volume: try ImageVolume(geometry: p.geometry, voxels: voxels), warnings: p.warnings)
        } catch {
            throw .series(folder: label, reason: error.description)
        }
    }

    /// Sorts frames and derives the geometry; throws on inconsistent series.
    public static func plan(_ series: DicomSeries, options: DicomVolumeOptions = DicomVolumeOptions()) throws(DicomError) -> Plan {
        let label = series.instances.first.map { ($0.path as NSString).deletingLastPathComponent } ?? series.uid
        let sizeLabel = sizeSource(series, folder: label)
        guard let first = series.instances.first else { throw .series(folder: label, reason: "series \(series.uid) has no images") }
        var warnings: [String] = []
        let rows = first.rows, cols = first.columns
        guard rows > 0, cols > 0 else { throw .missingAttribute(file: first.path, tag: .rows) }
        // Bound the frame count before materialising per-frame records (NumberOfFrames is input):
        // every frame needs at least one byte of the files, and the voxels must be justified.
        var totalFrames = 0, inputBytes = 0
        for inst in series.instances {
            let (t, o) = totalFrames.addingReportingOverflow(inst.frames)
            guard !o else { throw .sizeOverflow(file: inst.path, reason: "NumberOfFrames \(inst.frames)") }
            totalFrames = t
            var st = stat()
            if stat(inst.path, &st) == 0 { inputBytes += Int(st.st_size) }
        }
        guard totalFrames <= 8 * inputBytes + 8 else {
            throw .sizeOverflow(file: sizeLabel, reason: "\(totalFrames) frames in \(inputBytes) bytes of files")
        }
        guard let voxels = GridSize(cols, rows, totalFrames).checkedCount, voxels <= Int(Int32.max) else {
            throw .sizeOverflow(file: sizeLabel, reason: "\(cols) × \(rows) × \(totalFrames) frames")
        }
        try DicomPixelDecoder.checkExpansion(outputBytes: voxels * 4, inputBytes: inputBytes, file: sizeLabel)
        var refs: [FrameRef] = []
        refs.reserveCapacity(totalFrames)
        for (i, inst) in series.instances.enumerated() {
            guard inst.rows == rows, inst.columns == cols else {
                throw .series(folder: label, reason: "series \(series.uid) mixes image sizes \(cols)×\(rows) and \(inst.columns)×\(inst.rows) (\(inst.path))")
            }
            for f in 0..<inst.frames { refs.append(FrameRef(instance: i, frame: f, geometry: inst.geometry(frame: f))) }
        }
        let mosaicLayout = series.instances.count == 1 && first.frames == 1 ? SiemensMosaic.layout(first.dataSet) : nil
        if mosaicLayout == nil && first.dataSet.strings(.imageType)?.contains("MOSAIC") == true {
            warnings.append("\(first.path): Siemens mosaic without NumberOfImagesInMosaic read as a single 2D image")
        }
        if let bad = refs.first(where: { $0.geometry.unusablePosition != nil }), let stored = bad.geometry.unusablePosition {
            let file = series.instances[bad.instance].path
            throw .invalidValue(file: file, tag: .imagePositionPatient, offset: nil,
                                reason: "ImagePositionPatient '\(stored)' of frame \(bad.frame + 1) is not a finite position; the slice cannot be placed")
        }
        let g0 = refs[0].geometry
        let spacingXY = g0.pixelSpacing ?? { warnings.append("no PixelSpacing; assuming 1 mm"); return (x: 1.0, y: 1.0) }()
        var direction = Matrix3.identity
        var spacingZ = first.dataSet.double(.spacingBetweenSlices) ?? g0.sliceThickness ?? 1
        var origin = g0.position ?? .zero
        var irregular: [Double]?
        let normal = g0.normal
        if let normal, let r = g0.rowDirection, let c = g0.columnDirection {
            for ref in refs {
                guard let rr = ref.geometry.rowDirection, let cc = ref.geometry.columnDirection,
                      max(maxAbs(rr - r), maxAbs(cc - c)) < 1e-3 else {
                    throw .series(folder: label, reason: "series \(series.uid) mixes image orientations")
                }
            }
            direction = Matrix3(columns: r, c, normal)
        } else {
            warnings.append("no ImageOrientationPatient; identity direction assumed")
        }
        let positioned = normal != nil && refs.allSatisfy { $0.geometry.position != nil }
        if positioned, let normal {
            let d = refs.map { ($0.geometry.position! * normal).sum() }
            let order = d.indices.sorted { d[$0] < d[$1] }
            refs = order.map { refs[$0] }
            let sorted = order.map { d[$0] }
            origin = refs[0].geometry.position!
            if refs.count > 1 {
                let diffs = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
                if let i = diffs.firstIndex(where: { $0 < 1e-4 }) {
                    let dup = sorted.filter { abs($0 - sorted[i]) < 1e-4 }.count
                    throw .series(folder: label, reason: "series \(series.uid): \(dup) frames share the slice position \(fmt(sorted[i])) mm along the normal (multi-echo, temporal or duplicate images)")
                }
                let median = diffs.sorted()[diffs.count / 2]
                spacingZ = median
                for (i, gap) in diffs.enumerated() where gap > 1.5 * median {
                    let missing = Int((gap / median).rounded()) - 1
                    let what = "series \(series.uid): gap of \(fmt(gap)) mm between slices at \(fmt(sorted[i])) and \(fmt(sorted[i + 1])) mm (expected \(fmt(median)) mm; about \(missing) missing slice(s))"
                    if options.allowGaps { warnings.append(what) } else { throw .series(folder: label, reason: what) }
                }
                let worst = diffs.map { abs($0 - median) }.max() ?? 0
                let gaps = diffs.contains { $0 > 1.5 * median }
                if worst > options.spacingTolerance * median && !gaps {
                    let what = "series \(series.uid): slice spacing varies by up to \(fmt(worst)) mm around \(fmt(median)) mm "
                        + "(slice positions along the normal: \(IrregularSlices.list(sorted)) mm)"
                    guard options.resampleIrregular else {
                        throw .series(folder: label, reason: what + "; a uniform grid would misplace slices (resample it onto a regular grid with --resample-irregular)")
                    }
                    irregular = sorted
                    warnings.append(what + "; interpolated onto a regular grid")
                }
                // Positions should lie on the line origin + k·spacing·normal (no gantry tilt).
                let last = refs[refs.count - 1].geometry.position!
                let along = origin + normal * (sorted[sorted.count - 1] - sorted[0])
                if maxAbs(last - along) > 0.01 * median + 1e-3 {
                    warnings.append("slice positions are not along the slice normal (gantry tilt or shear); geometry is approximate")
                }
            }
        } else if refs.count > 1 {
            warnings.append("no ImagePositionPatient; frames ordered by InstanceNumber and frame index")
        }
        let size = GridSize(cols, rows, refs.count)
        guard let count = size.checkedCount, count <= Int(Int32.max) else {
            throw .sizeOverflow(file: label, reason: "\(size) voxels")
        }
        _ = count
        let geometry = ImageGeometry(size: size, spacing: Spacing(spacingXY.x, spacingXY.y, spacingZ), origin: origin, direction: direction)
        var plan = Plan(geometry: geometry, warnings: warnings, refs: refs)
        if let irregular {
            plan.regular = IrregularSlices(stored: geometry, positions: irregular, spacing: spacingZ)
        }
        if let l = mosaicLayout {
            let spacing = first.dataSet.double(.spacingBetweenSlices) ?? g0.sliceThickness ?? 1
            plan.mosaic = (l, SiemensMosaic.geometry(geometry, layout: l, sliceSpacing: spacing))
            plan.warnings.append("Siemens mosaic unpacked into \(l.count) slices of \(l.tileColumns)×\(l.tileRows); slice direction from row × column (CSA SliceNormalVector not read)")
        }
        return plan
    }

    /// Reads each file once and scatters its frames to their sorted slice positions.
    static func decode(_ series: DicomSeries, refs: [FrameRef], plane: Int, into buffer: UnsafeMutableBufferPointer<Float>, threads: Int) throws(DicomError) {
        var byInstance = [[(frame: Int, slot: Int, geometry: DicomFrameGeometry)]](repeating: [], count: series.instances.count)
        for (slot, r) in refs.enumerated() { byInstance[r.instance].append((r.frame, slot, r.geometry)) }
        let paths = series.instances.map(\.path)
        let jobs = byInstance
        let errors = DicomErrorSlots(count: paths.count)
        let workers = max(1, min(threads, paths.count))
        do {
            let base = DicomVoxelPointer(pointer: buffer.baseAddress!)
            // Each worker takes every `workers`-th file and reuses one file buffer.
            let work: @Sendable (Int) -> Void = { w in
                var reader = FastFrameReader()
                for i in stride(from: w, to: paths.count, by: workers) {
                    let targets = jobs[i].map {
                        DicomPixelDecoder.FrameTarget(frame: $0.frame, destination: base.pointer + $0.slot * plane,
                                                      slope: Float($0.geometry.rescaleSlope), intercept: Float($0.geometry.rescaleIntercept))
                    }
                    do throws(DicomError) { try reader.decode(path: paths[i], targets: targets) } catch { errors.set(i, error) }
                }
            }
            if workers > 1 {
                DispatchQueue.concurrentPerform(iterations: workers, execute: work)
            } else {
                work(0)
            }
        }
        if let e = errors.first { throw e }
    }

    /// What a size error names: the file when one file holds the series or one file's frames
    /// dominate it, else the series folder.
    static func sizeSource(_ series: DicomSeries, folder: String) -> String {
        if series.instances.count == 1, let only = series.instances.first { return only.path }
        if let most = series.instances.max(by: { $0.frames < $1.frames }), most.frames > 1 { return most.path }
        return folder
    }

    static func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
    static func maxAbs(_ v: Point3) -> Double { max(abs(v.x), abs(v.y), abs(v.z)) }

    /// Asks Linux for transparent huge pages on a large fresh buffer: faulting in a 180 MB
    /// volume 4 KiB at a time costs more than decoding it. Harmless where unsupported.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 4 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }
}

/// A raw pointer handed to worker threads that write disjoint ranges.
struct DicomVoxelPointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
}

/// Per-task error slots filled from worker threads (each index written by one task only).
final class DicomErrorSlots: @unchecked Sendable {
    private var errors: [DicomError?]
    private let lock = NSLock()
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ e: DicomError) { lock.lock(); errors[i] = e; lock.unlock() }
    var first: DicomError? { lock.lock(); defer { lock.unlock() }; return errors.compactMap { $0 }.first }
}
