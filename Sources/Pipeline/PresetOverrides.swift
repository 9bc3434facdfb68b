import Foundation
import Training

/// Why a `--config` file cannot be applied; names the file and the key.
public struct PresetOverrideError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "config file \(path): \(reason)" }
}

/// A `--config FILE`: a JSON object of sections (`"training"`, `"network"`, …), each a partial
/// override of one preset's settings.
///
/// An override names only what it changes: the preset is encoded to JSON, the section is merged
/// into it key by key (nested objects recursively, anything else replaced) and the result is
/// decoded again. A key the settings do not have — a typo — is an error naming it, rather than
/// a silently ignored setting; so is an unknown section.
public struct PresetOverrides {
    /// The file, for messages.
    public let path: String
    private let sections: [String: Any]

    /// Reads `path`; `sections` lists the section names the command accepts.
    public init(path: String, sections: [String]) throws(PresetOverrideError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PresetOverrideError(path: path, reason: "cannot read the file")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw PresetOverrideError(path: path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else {
            throw PresetOverrideError(path: path, reason: "the top level must be an object of sections: \(sections.joined(separator: ", "))")
        }
        if let unknown = top.keys.sorted().first(where: { !sections.contains($0) }) {
            throw PresetOverrideError(path: path, reason: "unknown section '\(unknown)' (expected \(sections.joined(separator: ", ")))")
        }
        self.sections = top
    }

    /// Whether the file overrides `section`.
    public func has(_ section: String) -> Bool { sections[section] != nil }

    /// `preset` with the file's `section` merged into it (unchanged when the file has none).
    public func apply<T: Codable>(_ section: String, to preset: T) throws(PresetOverrideError) -> T {
        guard let override = sections[section] else { return preset }
        guard let overrideObject = override as? [String: Any] else {
            throw PresetOverrideError(path: path, reason: "section '\(section)' must be an object")
        }
        do {
            let base = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(preset)) as? [String: Any] ?? [:]
            let merged = Self.merge(overrideObject, into: base)
            let value = try JSONDecoder().decode(T.self, from: try JSONSerialization.data(withJSONObject: merged))
            // Every key of the override must survive a round trip; one the decoder ignored is a typo.
            let back = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value)) as? [String: Any] ?? [:]
            if let missing = Self.firstMissingKey(overrideObject, in: back) {
                throw PresetOverrideError(path: path, reason: "'\(section).\(missing)' is not a setting of this section")
            }
            if let problem = (value as? CountChecked)?.countProblem {
                throw PresetOverrideError(path: path, reason: "'\(section).\(problem.key)': \(problem.reason)")
            }
            return value
        } catch let error as PresetOverrideError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw PresetOverrideError(path: path, reason: "'\(section).\(key)': \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw PresetOverrideError(path: path, reason: "'\(section).\(key)': \(context.debugDescription)")
        } catch {
            throw PresetOverrideError(path: path, reason: "section '\(section)': \(error)")
        }
    }

    static func merge(_ override: [String: Any], into base: [String: Any]) -> [String: Any] {
        var out = base
        for (key, value) in override {
            if let inner = value as? [String: Any], let baseInner = base[key] as? [String: Any] {
                out[key] = merge(inner, into: baseInner)
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// The dotted path of the first key of `override` (sorted) absent from `object`.
    static func firstMissingKey(_ override: [String: Any], in object: [String: Any]) -> String? {
        for key in override.keys.sorted() where !(override[key] is NSNull) {
            guard let present = object[key] else { return key }
            if let inner = override[key] as? [String: Any], let presentInner = present as? [String: Any],
               let missing = firstMissingKey(inner, in: presentInner) {
                return key + "." + missing
            }
        }
        return nil
    }
}
