import Crypto
import Foundation

/// SHA-256 of files (swift-crypto), read in 1 MiB chunks so that weights of any size hash in
/// constant memory: a bundle's files, and the manifest a cross-validation run records.
public enum FileDigest {
    /// Lower-case hex SHA-256 of the file at `path`.
    public static func sha256(of path: String) throws(ModelBundleError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .unreadable(path: path, reason: "cannot open") : .missingFile(path: path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
