import Foundation

/// Evaluation's atomic file writes: the bytes go to a temporary file in the destination's folder,
/// are flushed with `fsync`, and the temporary is renamed over the destination, so a reader sees
/// the old file or the new one, never a mix; a set of report files is renamed only once all are
/// written.
enum OutputFile {
    static func write(_ text: String, to path: String) throws(EvaluationError) {
        try commit(try stage(text, for: path), to: path)
    }

    /// Writes `text` to a temporary file beside `path`, flushed with `fsync`; returns its path.
    static func stage(_ text: String, for path: String) throws(EvaluationError) -> String {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        // The temporary's name only has to be unique among concurrent writers of this folder.
        let tmp = dir + "/." + url.lastPathComponent + ".partial-" + UUID().uuidString
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = Foundation.write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno)); return
                }
                done += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "fsync: " + String(cString: strerror(errno)) }
        close(fd)
        if let failure { unlink(tmp); throw .cannotWrite(path: path, reason: failure) }
        return tmp
    }

    /// Renames a staged temporary over `path` and makes the rename durable.
    static func commit(_ tmp: String, to path: String) throws(EvaluationError) {
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw .cannotWrite(path: path, reason: "rename: " + why)
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Writes each (file name, text) into `directory` (created if needed) as one set: every file
    /// is first written in full beside its destination, and only when all are written (and no
    /// destination is a folder) are they renamed into place. A failure on the way — a full disk,
    /// an unwritable name — leaves the folder as it was, never a new metrics.json beside an old
    /// report. Returns the paths written.
    static func write(_ files: [(name: String, text: String)], into directory: String) throws(EvaluationError) -> [String] {
        try makeDirectory(directory)
        var staged: [(tmp: String, path: String)] = []
        func discard() { for s in staged { unlink(s.tmp) } }
        for file in files {
            let path = directory + "/" + file.name
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                discard()
                throw .cannotWrite(path: path, reason: "a folder of that name is in the way")
            }
            do { staged.append((try stage(file.text, for: path), path)) } catch {
                discard()
                throw error
            }
        }
        for (i, s) in staged.enumerated() {
            do { try commit(s.tmp, to: s.path) } catch {
                for rest in staged[(i + 1)...] { unlink(rest.tmp) }
                throw error
            }
        }
        return staged.map(\.path)
    }

    /// Pretty-printed JSON with sorted keys, so runs with the same inputs give identical files;
    /// non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
    static func json<T: Encodable>(_ value: T) throws(EvaluationError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw .invalidInput("cannot encode metrics as JSON: \(error)")
        }
    }

    /// Creates `path` and its parents if needed.
    static func makeDirectory(_ path: String) throws(EvaluationError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }
}
