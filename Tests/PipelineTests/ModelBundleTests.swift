import Foundation
import Testing
@testable import Pipeline

/// Writing, reading and verifying model bundles, and the typed refusals.
@Suite struct ModelBundleTests {
    static func folder(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metorigin-bundle-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir + "/weights", withIntermediateDirectories: true)
        try Data("weights of the T1 CE branch".utf8).write(to: URL(fileURLWithPath: dir + "/weights/t1ce.safetensors"))
        try Data("{\"preset\": \"demo\"}\n".utf8).write(to: URL(fileURLWithPath: dir + "/config.json"))
        return dir
    }

    static func description() -> BundleDescription {
        BundleDescription(metoriginVersion: MetOriginVersion.current, libtorchVersion: "2.11.0",
                          created: Date(timeIntervalSince1970: 1_765_000_000),
                          classes: ["lung", "breast", "melanoma", "renal", "other"], modalities: ["t1ce", "flair"],
                          grids: ["t1ce": .init(size: [96, 96, 64], spacing: [2, 2, 2.5])],
                          preprocessing: ["version": "3", "clip_percentiles": "0.5,99.5"],
                          trainingManifestSHA256: String(repeating: "ab", count: 32),
                          cohortSize: ["lung": 40, "breast": 20, "melanoma": 12, "renal": 10, "other": 18])
    }

    @Test func writesReadsAndVerifies() throws {
        let dir = try Self.folder("ok")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try ModelBundle.write(Self.description(), files: ["weights/t1ce.safetensors", "config.json"], in: dir)
        #expect(written.description.files == ["weights/t1ce.safetensors": try FileDigest.sha256(of: dir + "/weights/t1ce.safetensors"),
                                              "config.json": try FileDigest.sha256(of: dir + "/config.json")])
        let read = try ModelBundle.verify(dir)
        #expect(read.description == written.description)
        #expect(read.description.formatVersion == ModelBundle.formatVersion)
        #expect(read.description.created == "2025-12-06T05:46:40Z")
        let json = try String(contentsOfFile: dir + "/bundle.json", encoding: .utf8)
        #expect(json.contains("\"training_manifest_sha256\""))
        #expect(json.contains("\"format_version\" : 1"))
    }

    @Test func theDigestIsSHA256() throws {
        let dir = try Self.folder("digest")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: dir + "/abc"))
        // FIPS 180-2, appendix B.1.
        #expect(try FileDigest.sha256(of: dir + "/abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aChangedFileIsNamed() throws {
        let dir = try Self.folder("tampered")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ModelBundle.write(Self.description(), files: ["weights/t1ce.safetensors", "config.json"], in: dir)
        try Data("weights of the T1 CE branch!".utf8).write(to: URL(fileURLWithPath: dir + "/weights/t1ce.safetensors"))
        #expect(throws: ModelBundleError.self) { try ModelBundle.verify(dir) }
        do { try ModelBundle.verify(dir) } catch {
            guard case .hashMismatch(let path, _, _) = error else { Issue.record("\(error)"); return }
            #expect(path.hasSuffix("weights/t1ce.safetensors"))
        }
        // Reading alone does not hash.
        _ = try ModelBundle.read(dir)
        try FileManager.default.removeItem(atPath: dir + "/config.json")
        try Data("weights of the T1 CE branch".utf8).write(to: URL(fileURLWithPath: dir + "/weights/t1ce.safetensors"))
        do { try ModelBundle.verify(dir); Issue.record("a missing file verified") } catch {
            #expect(error == .missingFile(path: dir + "/config.json"))
        }
    }

    @Test func aNewerFormatIsRefusedAsSuch() throws {
        let dir = try Self.folder("newer")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ModelBundle.write(Self.description(), files: ["config.json"], in: dir)
        let path = dir + "/bundle.json"
        // A future layout: a higher version and fields this reader does not know.
        let future = #"{"format": "metorigin-model-bundle", "format_version": 2, "weights": {}}"#
        try Data(future.utf8).write(to: URL(fileURLWithPath: path))
        do { try ModelBundle.read(dir); Issue.record("a newer format was read") } catch {
            #expect(error == .newerFormat(path: path, found: 2, supported: ModelBundle.formatVersion))
            #expect(error.description.contains(path))
        }
    }

    @Test func malformedDescriptionsAndNamesAreRefused() throws {
        let dir = try Self.folder("malformed")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: ModelBundleError.missingDescription(path: dir)) { try ModelBundle.read(dir) }
        for name in ["/etc/passwd", "../outside", "weights/../../x", "bundle.json", "", "a//b"] {
            #expect(throws: ModelBundleError.invalidFileName(name)) { try ModelBundle.write(Self.description(), files: [name], in: dir) }
        }
        try ModelBundle.write(Self.description(), files: ["config.json"], in: dir)
        let path = dir + "/bundle.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"config.json\"", with: "\"../config.json\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelBundleError.self) { try ModelBundle.read(dir) }
        try Data("{\"format\": \"metorigin-model-bundle\", \"format_version\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        do { try ModelBundle.read(dir); Issue.record("an incomplete description was read") } catch {
            guard case .malformed(let p, let reason) = error else { Issue.record("\(error)"); return }
            #expect(p == path)
            #expect(reason.contains("missing"))
        }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelBundleError.self) { try ModelBundle.read(dir) }
    }
}
