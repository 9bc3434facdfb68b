import Foundation
import MedicalIO

/// What makes a cross-validation run the run it is: its manifest's bytes, its seed, folds,
/// preset and settings, and the executable that trains it. `metorigin cv` records it in the
/// output folder (`run.json`); `--resume` continues only a run with the same identity, since
/// folds trained under another manifest, seed or configuration would be mixed silently into one
/// predictions table.
public struct CVRunIdentity: Codable, Equatable, Sendable {
    /// The file in the output folder that holds the identity.
    public static let fileName = "run.json"

    public var manifestSHA256: String
    public var seed: UInt64
    public var folds: Int
    public var preset: String?
    public var ablations: Bool
    public var binary: Bool
    public var binaryShare: Double
    public var probabilityMaps: String?
    /// Every classifier and training setting, flattened to "section.key" → JSON value.
    public var settings: [String: String]
    /// The executable: its path, size and modification time (a rebuilt binary differs).
    public var executable: String

    /// The identity of a run of `options` on the manifest at `manifestPath`.
    public init(manifestPath: String, options: CrossValidationOptions) throws(CVRunIdentityError) {
        guard let digest = try? FileDigest.sha256(of: manifestPath) else {
            throw .unreadable(path: manifestPath, reason: "cannot read the manifest to fingerprint it")
        }
        manifestSHA256 = digest
        seed = options.training.seed
        folds = options.folds
        preset = options.presetName
        ablations = options.ablations
        binary = options.binary
        binaryShare = options.binaryShare
        probabilityMaps = options.probabilityMaps.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        settings = Self.flatten(["classifier": Self.jsonObject(options.classifier), "training": Self.jsonObject(options.training)])
        settings["training.seed"] = nil  // compared as `seed`
        executable = Self.executableDescription()
    }

    /// The fields that differ from `recorded`, one "name: recorded → now" line each.
    public func differences(from recorded: CVRunIdentity) -> [String] {
        var out: [String] = []
        func compare(_ name: String, _ old: String?, _ new: String?) {
            if old != new { out.append("\(name): \(old ?? "none") → \(new ?? "none")") }
        }
        compare("manifest SHA-256", recorded.manifestSHA256, manifestSHA256)
        compare("seed", String(recorded.seed), String(seed))
        compare("folds", String(recorded.folds), String(folds))
        compare("preset", recorded.preset, preset)
        compare("ablations", String(recorded.ablations), String(ablations))
        compare("binary", String(recorded.binary), String(binary))
        compare("binary share", String(recorded.binaryShare), String(binaryShare))
        compare("probability maps", recorded.probabilityMaps, probabilityMaps)
        for key in Set(recorded.settings.keys).union(settings.keys).sorted() {
            compare(key, recorded.settings[key], settings[key])
        }
        compare("executable", recorded.executable, executable)
        return out
    }

    /// Records this identity in `folder`, or, when `resume`, checks it against the one recorded
    /// there: a different identity, or fold results without any identity, is an error saying
    /// what differs. A run that does not resume first removes what an earlier run left in the
    /// folder (`staleOutputs`), so no table, figure or fold of another configuration is taken
    /// for part of this run.
    public func record(in folder: String, resume: Bool) throws(CVRunIdentityError) {
        let path = folder + "/" + Self.fileName
        if resume {
            if let data = FileManager.default.contents(atPath: path) {
                guard let recorded = try? JSONDecoder().decode(CVRunIdentity.self, from: data) else {
                    throw .unreadable(path: path, reason: "not a run identity written by metorigin cv")
                }
                let differences = differences(from: recorded)
                guard differences.isEmpty else { throw .differentRun(folder: folder, differences: differences) }
                return
            }
            if Self.hasFoldResults(in: folder) { throw .unidentifiedRun(folder: folder) }
        } else {
            for name in Self.staleOutputs(in: folder) {
                do { try FileManager.default.removeItem(atPath: folder + "/" + name) } catch {
                    throw .unwritable(path: folder + "/" + name, reason: "cannot remove the earlier run's output: \(error.localizedDescription)")
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(self), to: path) } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }

    /// The entries of `folder` that a cross-validation writes: its identity, predictions tables,
    /// metrics, report and figures, the binary tasks' folder, and every configuration folder
    /// holding `fold-N` folders. The preprocessing cache (keyed by content) and anything else
    /// are kept.
    public static func staleOutputs(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            if [fileName, "metrics.json", "report.html", "binary"].contains(name) { return true }
            if name.hasPrefix("predictions") && name.hasSuffix(".csv") { return true }
            if name.hasSuffix(".svg") { return true }
            let inner = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + name)) ?? []
            return inner.contains { $0.hasPrefix("fold-") }
        }.sorted()
    }

    /// Whether `folder` holds a finished or started fold (a `fold-N` folder of any configuration).
    static func hasFoldResults(in folder: String) -> Bool {
        staleOutputs(in: folder).contains { name in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + name)) ?? []).contains { $0.hasPrefix("fold-") }
        }
    }

    static func jsonObject<T: Encodable>(_ value: T) -> Any {
        guard let data = try? JSONEncoder().encode(value),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return "unencodable" }
        return object
    }

    /// Nested JSON objects as "a.b.c" → the leaf's JSON text, so a difference names its setting.
    static func flatten(_ object: Any, prefix: String = "") -> [String: String] {
        if let dictionary = object as? [String: Any] {
            var out: [String: String] = [:]
            for (key, value) in dictionary {
                out.merge(flatten(value, prefix: prefix.isEmpty ? key : prefix + "." + key)) { a, _ in a }
            }
            return out
        }
        let text = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "\(object)"
        return [prefix: text]
    }

    /// The running executable's path, size and modification time.
    static func executableDescription() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first ?? "unknown"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date else { return path }
        return "\(path), \(size) bytes, modified \(ISO8601DateFormatter().string(from: modified))"
    }
}

/// Why a cross-validation run's identity could not be recorded or does not match.
public enum CVRunIdentityError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// `--resume` on a folder whose recorded run differs; one line per difference.
    case differentRun(folder: String, differences: [String])
    /// `--resume` on a folder with trained folds but no recorded identity.
    case unidentifiedRun(folder: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        case let .differentRun(folder, differences):
            "\(folder) holds a different run; --resume continues only the same run. It differs in:\n  "
                + differences.joined(separator: "\n  ")
                + "\nUse another --out folder, or rerun with the recorded settings."
        case let .unidentifiedRun(folder):
            "\(folder) holds trained folds but no \(CVRunIdentity.fileName), so it cannot be checked to be the same run; "
                + "use another --out folder"
        }
    }
}
