import Evaluation
import Foundation
import MedicalIO
import Models
import Pipeline
import Testing
import Training

/// `segment bench` at toy size: all four networks on one modality, one short epoch each.
@Suite struct SegmentationBenchTests {
    /// A one-epoch, four-slice bench on T1 CE of a toy cohort written under `root`.
    static func request(in root: String) throws -> SegmentationBenchRequest {
        var request = SegmentationBenchRequest(manifestPath: try SegmentationPipelineTests.manifest(in: root), preset: "demo",
                                               outputFolder: root + "/bench")
        request.modalities = ["t1ce"]
        request.network = SegmentationPipelineTests.network
        request.grid = SegmentationPipelineTests.grid
        request.options = SegmentationPipelineTests.options(slicesPerEpoch: 4, epochs: 1)
        return request
    }

    @Test func benchWritesTheTableMetricsAndFigure() throws {
        let root = SegmentationPipelineTests.scratch("bench")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(in: root)
        request.controlsManifestPath = try SegmentationEvaluationTests.controls(in: root, count: 2)
        let outcome = try SegmentationBench.run(request)

        #expect(outcome.entries.map(\.network) == SegmentationArchitecture.allCases.map(\.rawValue))
        let scored = try #require(outcome.entries.first).studies.map(\.studyID)
        // The validation split, then the two lesion-free controls, which count only as such.
        #expect(scored.count > 2 && Array(scored.suffix(2)) == ["C0-S1", "C1-S1"])
        for entry in outcome.entries {
            #expect(entry.studies.map(\.studyID) == scored)
            #expect(entry.summary.studies == scored.count)
            #expect(entry.summary.studiesWithoutLesions == 2 && entry.summary.studiesWithLesions == scored.count - 2)
            #expect(FileManager.default.fileExists(atPath: "\(root)/bench/t1ce/\(entry.network)/model.json"))
        }
        let lines = outcome.table.split(separator: "\n")
        #expect(lines.count == 2 + 4 && lines[0].contains("T1 CE") && lines[2].hasPrefix("proposed"))
        #expect(lines[2].contains("±") && lines[2].hasSuffix("–"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outcome.metricsPath))) as? [String: Any]
        #expect((json?["entries"] as? [Any])?.count == 4)
        #expect((json?["controls"] as? String)?.hasSuffix("controls.csv") == true)
        let png = try Data(contentsOf: URL(fileURLWithPath: try #require(outcome.figurePath)))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try String(contentsOfFile: root + "/bench/table.txt", encoding: .utf8) == outcome.table)
    }

    /// Networks trained by separate runs (`--arch`) are loaded, not retrained, by a `--resume`
    /// run over all of them; a model trained with other settings stops the run instead.
    @Test func resumeLoadsFinishedNetworksAndRefusesOtherSettings() throws {
        let root = SegmentationPipelineTests.scratch("bench-resume")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var request = try Self.request(in: root)
        request.architectures = [.unet]
        let first = try #require(try SegmentationBench.run(request).entries.first)
        let weights = root + "/bench/t1ce/unet/weights.safetensors"
        let written = try FileManager.default.attributesOfItem(atPath: weights)[.modificationDate] as? Date

        request.architectures = [.unet, .attunet]
        request.resume = true
        var lines: [String] = []
        let both = try SegmentationBench.run(request, log: { lines.append($0) })
        #expect(both.entries.map(\.network) == ["unet", "attunet"])
        #expect(lines.contains { $0.contains("unet: trained before") } && lines.contains("t1ce attunet: training"))
        #expect(both.entries[0].trainingSeconds == first.trainingSeconds)
        #expect(both.entries[0].summary.dice == first.summary.dice)
        #expect(try FileManager.default.attributesOfItem(atPath: weights)[.modificationDate] as? Date == written)

        request.maxEpochs = 2
        #expect(throws: SegmentationJobError.self) { try SegmentationBench.run(request) }
        #expect(try FileManager.default.attributesOfItem(atPath: weights)[.modificationDate] as? Date == written)
    }
}
