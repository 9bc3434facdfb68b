import Foundation
import MedicalIO
import Pipeline
import Radiomics
import Testing
import Vocabulary

/// Lesions of known masks and their per-study aggregation; bad inputs.
@Suite struct StudyFeatureRowTests {
    static let size = GridSize(16, 14, 8)
    static let spacing = Spacing(1, 1, 2)

    /// A textured image and a mask with a 4×4×3 cube, a 3×3×2 cube and a single voxel.
    static func imageAndTumour() throws -> (ImageVolume, [Bool]) {
        let g = ImageGeometry(size: size, spacing: spacing)
        let n = size.x * size.y * size.z
        let voxels: [Float] = (0..<n).map { (i: Int) -> Float in Float(100 + (i * 37) % 23 + (i / 11) % 7) }
        var tumour = [Bool](repeating: false, count: n)
        func set(_ x: Int, _ y: Int, _ z: Int) { tumour[x + size.x * (y + size.y * z)] = true }
        for z in 1..<4 { for y in 2..<6 { for x in 2..<6 { set(x, y, z) } } }
        for z in 5..<7 { for y in 8..<11 { for x in 10..<13 { set(x, y, z) } } }
        set(14, 1, 7)
        return (try ImageVolume(geometry: g, voxels: voxels), tumour)
    }

    @Test func aggregatesKnownLesions() throws {
        let (image, tumour) = try Self.imageAndTumour()
        let options = LesionExtractionOptions()
        let lesions = try LesionExtraction.lesionRecords(image: image, tumour: tumour, options: options, path: "test")
        #expect(lesions.map(\.voxels) == [48, 18, 1])
        #expect(lesions.map(\.volumeMM3) == [96, 36, 2])
        #expect(lesions[2].features == nil, "a single voxel has no pyradiomics features")

        // The largest lesion's features are those of the cube alone.
        let cube = tumour.indices.filter { tumour[$0] && ($0 % Self.size.x) < 8 }
        let alone = try RadiomicsExtractor.features(
            intensities: RadiomicsExtractor.preparedIntensities(image, settings: options.settings),
            geometry: image.geometry, voxels: cube, settings: options.settings).values
        #expect(lesions[0].features == alone)

        let n = RadiomicsExtractor.featureNames.count
        let columns = StudyFeatureRow.columns()
        let row = StudyFeatureRow.row(["t1ce": ImageLesions(studyID: "s", patientID: "p", modality: "t1ce", key: "",
                                                              lesions: lesions)])
        #expect(row.count == columns.count)
        func value(_ name: String) -> Double { row[columns.firstIndex(of: name)!] }
        #expect(value("t1ce_missing") == 0)
        #expect(value("t1ce_lesion_count") == 3)
        #expect(abs(value("t1ce_log_total_volume") - log1p(134)) < 1e-12)
        #expect(abs(value("t1ce_log_largest_volume") - log1p(96)) < 1e-12)
        let a = lesions[0].features!, b = lesions[1].features!
        func signedLog(_ v: Double) -> Double { v < 0 ? -log1p(-v) : log1p(v) }
        for (j, name) in RadiomicsExtractor.featureNames.enumerated() {
            let short = String(name.dropFirst("original_".count))
            #expect(value("t1ce_largest_\(short)") == signedLog(a[j]))
            let mean = (96 * signedLog(a[j]) + 36 * signedLog(b[j])) / 132
            #expect(abs(value("t1ce_vwmean_\(short)") - mean) <= 1e-12 * max(1, abs(mean)))
            #expect(value("t1ce_max_\(short)") == max(signedLog(a[j]), signedLog(b[j])))
        }
        // FLAIR not acquired: flagged, everything else undefined (imputed in the fold).
        #expect(value("flair_missing") == 1)
        #expect(row[(4 + 3 * n + 1)...].allSatisfy { $0.isNaN })
    }

    @Test func acquiredWithoutLesionsIsNotMissing() {
        let row = StudyFeatureRow.row(["flair": ImageLesions(studyID: "s", patientID: "p", modality: "flair", key: "", lesions: [])])
        let columns = StudyFeatureRow.columns()
        func value(_ name: String) -> Double { row[columns.firstIndex(of: name)!] }
        #expect(value("flair_missing") == 0 && value("flair_lesion_count") == 0 && value("flair_log_total_volume") == 0)
        #expect(value("flair_largest_shape_Sphericity").isNaN)
        #expect(value("t1ce_missing") == 1)
    }

    @Test func nonFiniteIntensityInALesionIsAnError() throws {
        var (image, tumour) = try Self.imageAndTumour()
        let inside = tumour.firstIndex(of: true)!
        image.voxels[inside] = .nan
        #expect(throws: LesionExtractionError.self) {
            _ = try LesionExtraction.lesionRecords(image: image, tumour: tumour, options: LesionExtractionOptions(), path: "x.nii.gz")
        }
        // Outside the lesions: an error too while the whole image is normalised, fine otherwise.
        tumour[inside] = false
        var options = LesionExtractionOptions()
        #expect(throws: LesionExtractionError.self) {
            _ = try LesionExtraction.lesionRecords(image: image, tumour: tumour, options: options, path: "x.nii.gz")
        }
        options.settings.normalize = false
        _ = try LesionExtraction.lesionRecords(image: image, tumour: tumour, options: options, path: "x.nii.gz")
    }

    /// A manifest row without truth_path, and a mask on another grid: errors naming the file.
    @Test func badCohortInputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("radiomics-bad-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (image, tumour) = try Self.imageAndTumour()
        try NIfTI.write(image, to: "\(dir)/image.nii.gz")
        let wrong = try ImageVolume(geometry: ImageGeometry(size: GridSize(8, 8, 8), spacing: Self.spacing),
                                    voxels: [Float](repeating: 1, count: 512))
        try NIfTI.write(wrong, to: "\(dir)/wrong.nii.gz")
        try NIfTI.write(try ImageVolume(geometry: image.geometry, voxels: tumour.map { $0 ? 1 : 0 }), to: "\(dir)/truth.nii.gz")
        func manifest(_ truth: String) throws -> [Study] {
            let text = "patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner,truth_path\n"
                + "p1,s1,t1ce,image.nii.gz,lung,0,,A,\(truth)\n"
            try text.write(toFile: "\(dir)/manifest.csv", atomically: true, encoding: .utf8)
            return try Manifest.read(path: "\(dir)/manifest.csv").studies
        }
        var options = LesionExtractionOptions()
        options.threads = 1
        let missing = #expect(throws: LesionExtractionError.self) {
            _ = try LesionExtraction.run(studies: try manifest(""), options: options, log: { _ in })
        }
        #expect(missing?.description.contains("manifest.csv") == true)
        let misaligned = #expect(throws: LesionExtractionError.self) {
            _ = try LesionExtraction.run(studies: try manifest("wrong.nii.gz"), options: options, log: { _ in })
        }
        #expect(misaligned?.description.contains("wrong.nii.gz") == true)
        // The good study, twice: the second run reads the cache and agrees.
        options.cacheFolder = "\(dir)/cache"
        let first = try LesionExtraction.run(studies: try manifest("truth.nii.gz"), options: options, log: { _ in })
        let second = try LesionExtraction.run(studies: try manifest("truth.nii.gz"), options: options, log: { _ in })
        #expect(first[0]["t1ce"]?.lesions.count == 3)
        #expect(first[0]["t1ce"]?.lesions == second[0]["t1ce"]?.lesions)
        #expect(first[0]["flair"] == nil)
    }
}
