import Foundation

/// Evaluation's own atomic file write (Evaluation must not depend on MedicalIO): the bytes go to
/// a temporary file in the destination's folder, are flushed with `fsync`, and the temporary is
/// renamed over the destination, so a reader sees the old file or the new one, never a mix.
enum OutputFile {
    static func write(_ text: String, to path: String) throws(EvaluationError) {
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
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw .cannotWrite(path: path, reason: "rename: " + why)
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Writes each (file name, text) into `directory` (created if needed), each atomically, in
    /// order; returns the paths written.
    static func write(_ files: [(name: String, text: String)], into directory: String) throws(EvaluationError) -> [String] {
        try makeDirectory(directory)
        var written: [String] = []
        for file in files {
            let path = directory + "/" + file.name
            try write(file.text, to: path)
            written.append(path)
        }
        return written
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
