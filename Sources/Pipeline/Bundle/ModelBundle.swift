import Foundation
import MedicalIO

/// A trained model as a folder: its files (weights, configuration) and `bundle.json`, which
/// describes the model (`BundleDescription`) and records every file's SHA-256. `write` seals a
/// folder whose files are in place; `read` parses the description and refuses a newer format;
/// `verify` also re-hashes every file, so a changed, truncated or missing file is a typed error
/// naming it.
public struct ModelBundle: Sendable {
    /// The bundle.json layout this MetOrigin writes and the newest it reads.
    public static let formatVersion = 1
    public static let descriptionFile = "bundle.json"

    /// The bundle folder.
    public var folder: String
    public var description: BundleDescription

    /// The path of one of the bundle's files.
    public func path(of file: String) -> String { (folder as NSString).appendingPathComponent(file) }

    /// Hashes `files` (paths relative to `folder`, already written there), records them in
    /// `description.files` and writes bundle.json atomically.
    @discardableResult
    public static func write(_ description: BundleDescription, files: [String], in folder: String) throws(ModelBundleError) -> ModelBundle {
        var d = description
        d.format = BundleDescription.formatName
        d.formatVersion = formatVersion
        d.files = [:]
        for name in files {
            try checkName(name)
            d.files[name] = try FileDigest.sha256(of: (folder as NSString).appendingPathComponent(name))
        }
        let path = (folder as NSString).appendingPathComponent(descriptionFile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(d)
            data.append(0x0A)
            try AtomicFile.write(data, to: path)
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
        return ModelBundle(folder: folder, description: d)
    }

    /// Parses bundle.json in `folder` without hashing the files.
    public static func read(_ folder: String) throws(ModelBundleError) -> ModelBundle {
        let path = (folder as NSString).appendingPathComponent(descriptionFile)
        guard FileManager.default.fileExists(atPath: path) else { throw .missingDescription(path: folder) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        // The format and its version are read first, so a newer bundle is refused as such even
        // when the rest of its layout changed.
        struct Header: Decodable {
            var format: String
            var formatVersion: Int
            enum CodingKeys: String, CodingKey { case format, formatVersion = "format_version" }
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data) } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
        guard header.format == BundleDescription.formatName else {
            throw .malformed(path: path, reason: "format is \"\(header.format)\", not \"\(BundleDescription.formatName)\"")
        }
        guard header.formatVersion <= formatVersion else {
            throw .newerFormat(path: path, found: header.formatVersion, supported: formatVersion)
        }
        guard header.formatVersion >= 1 else { throw .malformed(path: path, reason: "format_version \(header.formatVersion)") }
        let description: BundleDescription
        do { description = try JSONDecoder().decode(BundleDescription.self, from: data) } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
        for name in description.files.keys {
            do { try checkName(name) } catch { throw .malformed(path: path, reason: error.description) }
        }
        return ModelBundle(folder: folder, description: description)
    }

    /// `read`, then every listed file re-hashed against bundle.json.
    @discardableResult
    public static func verify(_ folder: String) throws(ModelBundleError) -> ModelBundle {
        let bundle = try read(folder)
        for (name, expected) in bundle.description.files.sorted(by: { $0.key < $1.key }) {
            let path = bundle.path(of: name)
            let actual = try FileDigest.sha256(of: path)
            guard actual == expected.lowercased() else { throw .hashMismatch(path: path, expected: expected, actual: actual) }
        }
        return bundle
    }

    /// A file name must stay inside the bundle: relative, no `.` or `..` components, not
    /// bundle.json itself.
    static func checkName(_ name: String) throws(ModelBundleError) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), name != descriptionFile, !name.contains("\\"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { throw .invalidFileName(name) }
    }

    /// A decoding error in a sentence (which key, what was wrong).
    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c):
            return "missing \"\((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "\"\(c.codingPath.map(\.stringValue).joined(separator: "."))\": \(c.debugDescription)"
        case DecodingError.dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not JSON" : "\"\(c.codingPath.map(\.stringValue).joined(separator: "."))\": \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
