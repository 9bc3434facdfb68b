import Foundation

/// One DICOM image file as seen by a folder scan: its header (no pixel data) and frame geometry.
public struct DicomInstance: Sendable {
    public var path: String
    /// Header elements; Pixel Data is not loaded.
    public var dataSet: DicomDataSet
    public var transferSyntax: TransferSyntax
    public var frames: Int
    /// Geometry of frame 0…; shorter than `frames` when frames share it (see `geometry(frame:)`).
    public var frameGeometry: [DicomFrameGeometry]

    public var seriesUID: String { dataSet.string(.seriesInstanceUID) ?? "" }
    public var instanceNumber: Int? { dataSet.int(.instanceNumber) }
    public var rows: Int { dataSet.int(.rows) ?? 0 }
    public var columns: Int { dataSet.int(.columns) ?? 0 }

    /// Builds an instance from a header-only read.
    public init(file: DicomFile) {
        path = file.name
        dataSet = file.dataSet
        transferSyntax = file.transferSyntax
        frames = max(1, file.dataSet.int(.numberOfFrames) ?? 1)
        frameGeometry = DicomFrameGeometry.frames(of: file.dataSet, count: frames)
    }

    /// Geometry of frame `f`; frames beyond the per-frame functional groups share the last entry.
    public func geometry(frame f: Int) -> DicomFrameGeometry {
        frameGeometry[max(0, min(f, frameGeometry.count - 1))]
    }
}

/// The images of one SeriesInstanceUID.
public struct DicomSeries: Sendable {
    public var uid: String
    /// Instances in InstanceNumber order (then path).
    public var instances: [DicomInstance]

    /// The first instance's header, for series-level attributes.
    public var header: DicomDataSet { instances.first?.dataSet ?? DicomDataSet() }
    public var modality: String { header.string(.modality) ?? "" }
    public var seriesDescription: String { header.string(.seriesDescription) ?? "" }
    public var seriesNumber: Int? { header.int(.seriesNumber) }
    /// Frames over all instances.
    public var frameCount: Int { instances.reduce(0) { $0 + $1.frames } }
    /// Whether the series carries pixel data (not RTSTRUCT, SR, …).
    public var isImage: Bool { header.contains(.rows) && header.contains(.columns) }
}

/// The result of scanning a file or folder tree.
public struct DicomFolderScan: Sendable {
    public var series: [DicomSeries]
    /// Files that were skipped, each with the reason (non-DICOM, unreadable, …).
    public var notes: [String]
}

/// Finds DICOM files under a folder (recursively, any names but hidden or `.partial` ones) and
/// groups them by series.
public enum DicomScanner {
    /// Header bytes read per file before falling back to reading the whole file.
    static let headerPrefix = 64 * 1024

    /// Scans `path`, a single file or a folder tree.
    public static func scan(path: String) throws(DicomError) -> DicomFolderScan {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw .io(file: path, reason: "no such file or folder")
        }
        var files: [String] = []
        if isDir.boolValue {
            guard let e = FileManager.default.enumerator(atPath: path) else { throw .io(file: path, reason: "cannot list folder") }
            while let rel = e.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(rel)
                var d: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &d) else { continue }
                if rel.split(separator: "/").contains(where: { isExcluded(name: String($0)) }) {
                    if d.boolValue { e.skipDescendants() }
                    continue
                }
                if !d.boolValue { files.append(full) }
            }
            files.sort()
        } else {
            files = [path]
        }
        var notes: [String] = []
        var bySeries: [String: [DicomInstance]] = [:]
        var order: [String] = []
        for f in files {
            do {
                let file = try readHeader(path: f)
                let inst = DicomInstance(file: file)
                let uid = inst.seriesUID
                if bySeries[uid] == nil { order.append(uid) }
                bySeries[uid, default: []].append(inst)
            } catch {
                notes.append("skipped \(error)")
            }
        }
        let series = order.map { uid in
            DicomSeries(uid: uid, instances: bySeries[uid]!.sorted {
                ($0.instanceNumber ?? Int.max, $0.path) < ($1.instanceNumber ?? Int.max, $1.path)
            })
        }
        return DicomFolderScan(series: series, notes: notes)
    }

    /// Hidden files and folders (`.DS_Store`, a writer's `.name.partial` staging folder) and
    /// anything ending in `.partial` are never inputs: an interrupted writer leaves them half
    /// written, and the finished series appears under its final name.
    public static func isExcluded(name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".partial")
    }

    /// Reads the header of one file, reading only a prefix when the header fits in it.
    public static func readHeader(path: String) throws(DicomError) -> DicomFile {
        let options = DicomReadOptions(stopBeforePixelData: true)
        let (prefix, whole) = try DicomFile.readBytes(path: path, limit: headerPrefix)
        do {
            return try DicomFile.read(data: prefix, name: path, options: options)
        } catch {
            if whole { throw error }
            switch error {
            case .truncated, .invalidLength:
                return try DicomFile.read(path: path, options: options)
            default: throw error
            }
        }
    }
}
