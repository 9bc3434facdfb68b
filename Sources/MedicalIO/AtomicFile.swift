import Foundation

/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary file
/// in the same folder, are flushed to disk with `fsync`, and the temporary is renamed over the
/// destination. A crash leaves either the old file or the new one, never a mix.
public enum AtomicFile {
    /// Why a write failed; names the destination.
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Atomically replaces `path` with `data`.
    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        // A temporary name only has to be unique; it does not affect any result.
        let tmp = dir + "/.\(url.lastPathComponent).tmp-\(UUID().uuidString)"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: "cannot create a file in \(dir.isEmpty ? "." : dir): " + reason(errno)) }
        var failure = writeAll(data, to: fd)
        if failure == nil && fsync(fd) != 0 { failure = "fsync: " + reason(errno) }
        close(fd)
        if let failure { unlink(tmp); throw WriteError(path: path, reason: failure) }
        guard rename(tmp, path) == 0 else {
            let why = reason(errno)
            unlink(tmp)
            throw WriteError(path: path, reason: "rename: " + why)
        }
        // Make the rename itself durable.
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Writes `data` to a new file at `path` in place, without the temporary name and fsync of
    /// `write`: for files inside a folder that is itself renamed into place once complete (the
    /// cohort's `.partial` series folders). Failures say why, the full disk plainly.
    public static func writeInPlace(_ data: Data, to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: reason(errno)) }
        let failure = writeAll(data, to: fd)
        let closed = close(fd) == 0 ? nil : reason(errno)
        if let why = failure ?? closed { throw WriteError(path: path, reason: why) }
    }

    /// Writes every byte of `data` to `fd`; the reason on failure.
    static func writeAll(_ data: Data, to fd: Int32) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return reason(errno)
                }
                offset += n
            }
            return nil
        }
    }

    /// The system's message for `code`, saying plainly when the disk or the quota is full: the
    /// one failure a user fixes by freeing space rather than by changing the command.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC: return "the disk is full (ENOSPC: \(text)); free some space and run again"
        case EDQUOT: return "the disk quota is exhausted (EDQUOT: \(text)); free some space and run again"
        default: return text
        }
    }

    /// Atomically replaces `path` with UTF-8 `text`.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Data(text.utf8), to: path)
    }
}
