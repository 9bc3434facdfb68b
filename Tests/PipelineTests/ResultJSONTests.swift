import Cohort
import Vocabulary
import Foundation
import MedicalIO
import Pipeline
import Testing

/// The top-level keys of `value`'s `--json` form (`ResultJSON`), which must parse as one JSON object.
func resultJSONKeys(_ value: some Encodable) throws -> Set<String> {
    let object = try JSONSerialization.jsonObject(with: try ResultJSON.encode(value))
    return Set(try #require(object as? [String: Any]).keys)
}

/// The JSON form every reporting command prints with `--json`; the jobs' own results are
/// checked in their end-to-end tests (cross-validation, transfer, segmentation).
@Suite struct ResultJSONTests {
    struct Figures: Encodable {
        var dice: Double
        var hd95: Double
    }

    @Test func nonFiniteNumbersStayValidJSON() throws {
        let data = try ResultJSON.encode(Figures(dice: .nan, hd95: .infinity))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == ["dice": "nan", "hd95": "inf"])
        #expect(!String(decoding: data, as: UTF8.self).contains("\\/"))
    }

    @Test func oracleReportKeepsTheCohortOracleKeys() throws {
        let report = try CohortOracleReport.sample(patients: 60, seed: 1, mix: .paper, atlas: TissueAtlas.phantom(spacing: 6))
        #expect(try resultJSONKeys(report) == ["macro_auc", "per_class_auc", "samples", "single_feature_auc", "acquired_modality_oracle"])
        let object = try #require(try JSONSerialization.jsonObject(with: ResultJSON.encode(report)) as? [String: Any])
        #expect((object["per_class_auc"] as? [Double])?.count == PrimarySite.allCases.count)
        #expect(Set((object["acquired_modality_oracle"] as? [String: Any])?.keys ?? [:].keys) == ["macro_auc", "per_class_auc"])
    }

    @Test func cohortGenerationReportsTimingsUnderTheirKeys() throws {
        let folder = NSTemporaryDirectory() + "metorigin-generation-json-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = CohortOptions(patients: 5, seed: 2, output: folder)
        (options.resolution, options.mix) = (.custom(Spacing(8, 8, 8)), .balanced)
        let result = try CohortGeneration.run(options, anatomy: "phantom")
        #expect(result.report.patients == 5 && result.report.atlasSeconds > 0)
        #expect(try resultJSONKeys(result) == ["patients", "studies", "voxels", "atlas_s", "plan_s", "render_thread_s", "write_thread_s",
                                               "total_s", "cpu_s", "render_thread_cpu_s", "write_thread_cpu_s", "cores", "out"])
        // The options are checked before the anatomy is loaded: the folder, now full, is what is refused.
        do {
            _ = try CohortGeneration.run(options, anatomy: "no-such-anatomy-folder")
            Issue.record("a full output folder was accepted")
        } catch {
            guard case .output(let path, _) = error else { Issue.record("expected the output folder refused, got \(error)"); return }
            #expect(path.hasPrefix(folder))
        }
    }
}
