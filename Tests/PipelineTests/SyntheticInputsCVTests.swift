import Evaluation
import Foundation
import MedicalIO
import Pipeline
import Testing
import Training
import Vocabulary

/// A manifest filled by modality transfer in the cross-validation: synthetic images reach the
/// full model as `.synthetic` inputs, "Real inputs only" drops them on the same folds, and the
/// single-modality ablations never see one.
@Suite struct SyntheticInputsCVTests {
    /// Writes `<cohort>/filled.csv`: the cohort's manifest plus, after each single-modality study's
    /// row, a synthetic row of its other modality, as `transfer fill` writes it. The image is a
    /// stand-in (the source's intensities reversed inside the head, on the source's grid): this
    /// tests the wiring, not a transfer model. Returns the path and the synthetic rows' count.
    static func fill(cohort: String) throws -> (path: String, synthetic: Int) {
        let manifest = try Manifest.read(path: cohort + "/manifest.csv")
        let text = try String(contentsOfFile: cohort + "/manifest.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = { (name: String) in header.firstIndex(of: name)! }
        var out = [lines[0] + "," + Manifest.syntheticColumn]
        var synthetic = 0
        let single = Set(manifest.studies.filter { $0.rows.count == 1 }.map(\.studyID))
        for (row, line) in zip(manifest.rows, lines.dropFirst()) {
            out.append(line + ",0")
            guard single.contains(row.studyID) else { continue }
            let source = try ImageLoader.load(path: row.path)
            let top = source.voxels.max() ?? 0
            let image = try ImageVolume(geometry: source.geometry, voxels: source.voxels.map { $0 > 0 ? top - $0 : 0 })
            let other = row.modality == "t1ce" ? "flair" : "t1ce"
            let path = "\(cohort)/synthetic/\(row.studyID)-\(other).nii.gz"
            try FileManager.default.createDirectory(atPath: cohort + "/synthetic", withIntermediateDirectories: true)
            try NIfTI.write(image, to: path)
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[column("modality")] = other
            fields[column("path")] = path
            fields[column("contoured")] = "0"
            fields[column("rtstruct_path")] = ""
            out.append((fields + ["1"]).joined(separator: ","))
            synthetic += 1
        }
        let path = cohort + "/filled.csv"
        try (out.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (path, synthetic)
    }

    @Test func syntheticImagesReachOnlyTheConfigurationsThatTakeThem() throws {
        let root = NSTemporaryDirectory() + "metorigin-cv-synthetic-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try CrossValidationEndToEndTests.makeCohort(at: root + "/cohort", seed: 6, patients: 12)
        let (path, syntheticRows) = try Self.fill(cohort: root + "/cohort")
        #expect(syntheticRows > 0)
        let manifest = try Manifest.read(path: path)
        #expect(manifest.rows.filter(\.synthetic).count == syntheticRows)
        #expect(manifest.studies.allSatisfy { $0.row("t1ce") != nil && $0.row("flair") != nil })

        let out = root + "/cv"
        let result = try CrossValidation.run(manifestPath: path, outputFolder: out,
                                             options: CrossValidationEndToEndTests.tinyOptions(), log: { _ in })
        #expect(result.summary.contains("Real inputs only"))

        // The full model: every study has both modalities, the synthetic ones recorded as such.
        let full = try Predictions.read(path: out + "/predictions.csv")
        #expect(full.rows.count == manifest.studies.count)
        for row in full.rows {
            let study = try #require(manifest.studies.first { $0.studyID == row.studyID })
            #expect(row.t1ceState == (study.realRow("t1ce") != nil ? .real : .synthetic))
            #expect(row.flairState == (study.realRow("flair") != nil ? .real : .synthetic))
        }
        #expect(full.rows.filter { $0.t1ceState == .synthetic || $0.flairState == .synthetic }.count == syntheticRows)

        // Real inputs only: the same studies, the synthetic modality missing.
        let real = try Predictions.read(path: out + "/predictions-real-only.csv")
        #expect(Set(real.rows.map(\.studyID)) == Set(full.rows.map(\.studyID)))
        #expect(real.rows.allSatisfy { $0.t1ceState != .synthetic && $0.flairState != .synthetic })
        #expect(real.rows.filter { $0.t1ceState == .missing || $0.flairState == .missing }.count == syntheticRows)

        // Single-modality ablations: acquired images of their modality only.
        for (slug, modality) in [("t1ce-only", "t1ce"), ("flair-only", "flair")] {
            let table = try Predictions.read(path: out + "/predictions-\(slug).csv")
            let expected = Set(manifest.studies.filter { $0.realRow(modality) != nil }.map(\.studyID))
            #expect(Set(table.rows.map(\.studyID)) == expected, "\(slug)")
            #expect(table.rows.allSatisfy { (modality == "t1ce" ? $0.t1ceState : $0.flairState) == .real })
            #expect(table.rows.allSatisfy { (modality == "t1ce" ? $0.flairState : $0.t1ceState) == .missing })
        }
    }
}
