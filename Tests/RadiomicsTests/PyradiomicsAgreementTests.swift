import Foundation
import MedicalIO
import Testing
@testable import Radiomics

/// Every feature of every class against pyradiomics 3.1.4 (`scripts/reference_radiomics.py`
/// writes the fixtures): synthetic studies, real MR crops with thresholded masks, and degenerate
/// masks, per lesion and for the whole mask.
@Suite struct PyradiomicsAgreementTests {
    /// Relative tolerance, with an absolute floor for values near zero.
    static let relative = 1e-4, absolute = 1e-6

    /// Features where agreement with pyradiomics is not expected, with the reason. Empty: every
    /// feature agrees on every fixture.
    static let knownDeviations: [String: String] = [:]

    struct Reference: Decodable {
        struct Case: Decodable {
            var image: String
            var mask: String
            var settings: [String: Value]
            var study: [String: Value]
            var lesions: [[String: Value]]
        }
        var cases: [String: Case]
    }

    /// A JSON value that is a number, null (NaN) or (for errors) a string.
    enum Value: Decodable {
        case number(Double), text(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .number(.nan) } else if let b = try? c.decode(Bool.self) { self = .number(b ? 1 : 0) } else if let d = try? c.decode(Double.self) { self = .number(d) } else {
                self = .text(try c.decode(String.self))
            }
        }
        var number: Double? { if case .number(let d) = self { return d } else { return nil } }
        var text: String? { if case .text(let s) = self { return s } else { return nil } }
    }

    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw RadiomicsError.invalidSetting("fixture \(name) missing")
        }
        return url.path
    }

    static func load() throws -> Reference {
        let data = try Data(contentsOf: URL(fileURLWithPath: try fixture("reference.json")))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    static func settings(_ values: [String: Value]) -> RadiomicsSettings {
        let s = values.compactMapValues(\.number)
        var r = RadiomicsSettings()
        if let b = s["binWidth"] { r.binWidth = b }
        if let n = s["normalize"] { r.normalize = n != 0 }
        if let n = s["normalizeScale"] { r.normalizeScale = n }
        if let o = s["removeOutliers"] { r.removeOutliers = o }
        return r
    }

    /// The error pyradiomics reported, in our terms.
    static func expectedError(_ message: String) -> RadiomicsError? {
        if message.contains("No labels found") { return .emptyMask(label: 1) }
        if message.contains("1 segmented voxel") { return .singleVoxel }
        if message.contains("too few dimensions") { return .tooFewDimensions(1) }
        return nil
    }

    /// Compares one feature vector with pyradiomics' values; returns the worst relative error per class.
    static func compare(_ ours: FeatureVector, _ reference: [String: Value], context: String,
                        worst: inout [String: Double]) {
        var compared = 0
        for (name, value) in reference {
            guard name.hasPrefix("original_"), let expected = value.number else { continue }
            guard knownDeviations[name] == nil else { continue }
            compared += 1
            guard let got = ours[name] else {
                Issue.record("\(context): \(name) missing")
                continue
            }
            let diff = abs(got - expected)
            let ok = (got.isNaN && expected.isNaN) || diff <= absolute || diff <= relative * abs(expected)
            #expect(ok, "\(context): \(name) = \(got), pyradiomics \(expected)")
            let cls = name.split(separator: "_")[1]
            let rel = diff <= absolute ? 0 : diff / max(abs(expected), 1e-300)
            worst[String(cls), default: 0] = max(worst[String(cls), default: 0], rel)
        }
        #expect(compared == ours.names.count, "\(context): compared \(compared) of \(ours.names.count) features")
    }

    @Test func everyFeatureAgreesWithPyradiomics() throws {
        let reference = try Self.load()
        var worst: [String: Double] = [:]
        var regions = 0
        for (name, c) in reference.cases.sorted(by: { $0.key < $1.key }) {
            let image = try NIfTI.readVolume(path: try Self.fixture(c.image))
            let mask = try NIfTI.readVolume(path: try Self.fixture(c.mask))
            let settings = Self.settings(c.settings)
            if let message = c.study["error"]?.text {
                let expected = Self.expectedError(message)
                #expect(expected != nil, "\(name): unexpected pyradiomics error \(message)")
                #expect(throws: expected ?? .singleVoxel) {
                    _ = try RadiomicsExtractor.extract(image: image, mask: mask, settings: settings)
                }
                continue
            }
            let ours = try RadiomicsExtractor.extract(image: image, mask: mask, settings: settings)
            Self.compare(ours.study.features, c.study, context: "\(name) study", worst: &worst)
            regions += 1
            #expect(ours.lesions.count + ours.skipped.count == c.lesions.count, "\(name): lesion count")
            for lesion in c.lesions {
                guard let id = lesion["id"]?.number.map(Int.init) else { continue }
                if let message = lesion["error"]?.text {
                    let skipped = ours.skipped.first { $0.lesionID == id }
                    #expect(skipped != nil && skipped?.reason == Self.expectedError(message),
                            "\(name) lesion \(id): pyradiomics refused it (\(message))")
                    continue
                }
                guard let row = ours.lesions.first(where: { $0.lesionID == id }) else {
                    Issue.record("\(name) lesion \(id) missing")
                    continue
                }
                #expect(Double(row.voxelCount) == lesion["voxels"]?.number)
                Self.compare(row.features, lesion, context: "\(name) lesion \(id)", worst: &worst)
                regions += 1
            }
        }
        let summary = worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1e", $0.value))" }
        print("pyradiomics agreement over \(regions) regions, worst relative error per class: "
              + summary.joined(separator: ", "))
        #expect(regions > 20)
    }
}
