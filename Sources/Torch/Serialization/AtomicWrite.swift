import Foundation

/// Writes a file so that readers never see a partial one: the bytes go to a temporary file in the
/// destination's folder, are flushed with `fsync`, and the temporary is renamed over the
/// destination (then the folder is synced so the rename survives a crash). `Torch` keeps its own
/// copy of this because it must not depend on `MedicalIO`, which has the public `AtomicFile`.
enum AtomicWrite {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Appends bytes to the temporary file, retrying short writes and interruptions.
    struct Sink {
        let fd: Int32
        func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, base + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(reason: "write: " + String(cString: strerror(errno)))
                }
                offset += n
            }
        }
        func write(_ bytes: [UInt8]) throws(Failure) {
            // `withUnsafeBytes` rethrows untyped errors; carry the typed one out by hand.
            var failure: Failure?
            bytes.withUnsafeBytes { raw in
                do throws(Failure) { try write(raw) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    /// Streams the new contents of `path` through `body`; on any failure the destination is
    /// untouched and the temporary removed. Errors thrown by `body` propagate unchanged.
    static func write(to path: String, _ body: (Sink) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        // The temporary's name only needs to be unique; it never affects the written bytes.
        let tmp = dir + "/.\(url.lastPathComponent).tmp-\(UUID().uuidString)"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(reason: "cannot create \(tmp): " + String(cString: strerror(errno))) }
        var closed = false
        do {
            try body(Sink(fd: fd))
            guard fsync(fd) == 0 else { throw Failure(reason: "fsync: " + String(cString: strerror(errno))) }
            closed = true
            guard close(fd) == 0 else { throw Failure(reason: "close: " + String(cString: strerror(errno))) }
        } catch {
            if !closed { close(fd) }
            unlink(tmp)
            throw error
        }
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw Failure(reason: "rename: " + why)
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }
}
