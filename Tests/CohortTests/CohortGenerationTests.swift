import Foundation
import Testing
@testable import Cohort
import MedicalIO
import Vocabulary

@Suite struct CohortGenerationTests {
    @Test func sameSeedSameBytesDifferentSeedDifferentImages() throws {
        let a = CohortFixture.scratch("det-a"), b = CohortFixture.scratch("det-b"), c = CohortFixture.scratch("det-c")
        _ = try CohortGenerator.generate(CohortFixture.options(a), atlas: CohortFixture.atlas)
        var serial = CohortFixture.options(b)
        serial.threads = 1  // a different schedule must not change a byte
        _ = try CohortGenerator.generate(serial, atlas: CohortFixture.atlas)
        _ = try CohortGenerator.generate(CohortFixture.options(c, seed: 43), atlas: CohortFixture.atlas)
        let fa = CohortFixture.files(under: a), fb = CohortFixture.files(under: b), fc = CohortFixture.files(under: c)
        #expect(!fa.isEmpty)
        #expect(fa.keys.sorted() == fb.keys.sorted())
        for (k, v) in fa { #expect(fb[k] == v, "\(k) differs between runs with the same seed") }
        #expect(fa["manifest.csv"] != fc["manifest.csv"] || fa["latent.csv"] != fc["latent.csv"])
    }

    @Test func manifestColumnsAndFilesExist() throws {
        let out = CohortFixture.scratch("manifest")
        _ = try CohortGenerator.generate(CohortFixture.options(out, patients: 6), atlas: CohortFixture.atlas)
        let text = try String(contentsOfFile: out + "/manifest.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("patient_id,study_id,modality,path,label,contoured,rtstruct_path,scanner,truth_path"))
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(["t1ce", "flair"].contains(cells[2]))
            #expect(FileManager.default.fileExists(atPath: out + "/" + cells[3]))
            #expect(FileManager.default.fileExists(atPath: out + "/" + cells[8]))
            if cells[5] == "1" { #expect(FileManager.default.fileExists(atPath: out + "/" + cells[6])) }
        }
        let description = try CohortDescription(directory: out)
        #expect(description.rows == lines.count - 1)
        #expect(description.counts.values.reduce(0, +) == description.rows)
    }

    @Test func niftiRoundTripKeepsVoxelsAndGeometry() throws {
        let (job, options) = try firstJob(patients: 5)
        let (rendered, _) = try CohortGenerator.renderStudy(job, options: options, atlas: CohortFixture.atlas, parallel: false)
        let out = CohortFixture.scratch("nifti")
        let row = try StudyLayout(root: out, format: .nifti).write(job.study, image: rendered.image, truth: rendered.truth,
                                                                 seed: options.seed)
        let image = try NIfTI.read(path: out + "/" + row.path)
        #expect(image.storedVolume(as: Int16.self)?.voxels == rendered.image.voxels)
        #expect(image.geometry.isAligned(with: rendered.image.geometry, tolerance: 1e-3))
        let truth = try NIfTI.read(path: out + "/" + row.truthPath)
        #expect(truth.storedVolume(as: UInt8.self)?.voxels == rendered.truth.voxels)
        // The truth holds every label class of a lesion-bearing study.
        #expect(Set(rendered.truth.voxels).isSuperset(of: [0, 1]))
    }

    /// A FLAIR contour outlines the tumour alone by default, tumour and oedema with `.lesion`; a
    /// T1 CE contour is the tumour either way.
    @Test func contourLabelsFollowTheModalityAndTheFLAIRDefinition() throws {
        let (job0, options) = try firstJob(patients: 5)
        for modality in Modality.allCases {
            for definition in FLAIRContour.allCases {
                var job = job0
                job.study.modality = modality
                job.study.contoured = true
                let (rendered, _) = try CohortGenerator.renderStudy(job, options: options, atlas: CohortFixture.atlas, parallel: false)
                let out = CohortFixture.scratch("contour")
                defer { try? FileManager.default.removeItem(atPath: out) }
                let row = try StudyLayout(root: out, format: .nifti, flairContour: definition)
                    .write(job.study, image: rendered.image, truth: rendered.truth, seed: options.seed)
                let contour = try #require(try NIfTI.read(path: out + "/" + row.rtstructPath).storedVolume(as: UInt8.self))
                let expected: Set<UInt8> = modality == .flair && definition == .lesion ? [1, 2, 3] : [1, 2]
                #expect(contour.voxels == rendered.truth.voxels.map { expected.contains($0) ? 1 : 0 })
                #expect(rendered.truth.voxels.contains(3), "the study has oedema, so the two definitions differ")
            }
        }
    }

    @Test func dicomRoundTripAndRTStructAgreeWithTruth() throws {
        let (job0, options) = try firstJob(patients: 5, spacing: Spacing(2, 2, 3))
        var job = job0
        job.study.contoured = true
        let (rendered, _) = try CohortGenerator.renderStudy(job, options: options, atlas: CohortFixture.atlas, parallel: true)
        let out = CohortFixture.scratch("dicom")
        let row = try StudyLayout(root: out, format: .dicom).write(job.study, image: rendered.image, truth: rendered.truth,
                                                                 seed: options.seed)
        let scan = try DicomScanner.scan(path: out + "/" + row.path)
        #expect(scan.series.count == 1)
        let volume = try DicomVolumeBuilder.build(scan.series[0]).volume
        #expect(volume.voxels == rendered.image.voxels.map { Float($0) })
        #expect(volume.geometry.isAligned(with: rendered.image.geometry, tolerance: 1e-3))
        #expect(MRSeriesClassifier.classify(scan.series[0].header).kind.rawValue == job.study.modality.rawValue)
        // RTSTRUCT → rasterised mask vs the truth labels the contour covers on this modality.
        let rt = try RTStructureSet.read(path: out + "/" + row.rtstructPath)
        let roi = try rt.roi("GTV_metastases")
        let mask = try rt.mask(for: roi, on: rendered.image.geometry).mask
        let labels = FLAIRContour.tumour.labels(on: job.study.modality)
        let truth = rendered.truth.voxels.map { labels.contains($0) }
        let drawn = mask.voxels.map { $0 != 0 }
        let both = zip(truth, drawn).filter { $0 && $1 }.count
        let dice = 2 * Double(both) / Double(truth.filter { $0 }.count + drawn.filter { $0 }.count)
        #expect(truth.contains(true))
        #expect(dice >= 0.95, "Dice \(dice)")
        // A PACS would accept them: dciodvfy (Debian dicom3tools, installed by setup) finds no error.
        let validator = "/usr/bin/dciodvfy"
        if FileManager.default.isExecutableFile(atPath: validator) {
            let slice = scan.series[0].instances[0].path
            for file in [slice, out + "/" + row.rtstructPath] {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: validator)
                p.arguments = [file]
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = pipe
                try p.run()
                let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                #expect(!report.contains("Error"), "dciodvfy \(file): \(report)")
            }
        }
    }

    /// `--flair-contour lesion` reaches every contoured FLAIR study of a generated cohort and is
    /// recorded in manifest.json; T1 CE contours stay the tumour.
    @Test func theFLAIRContourOptionReachesTheCohortAndItsManifest() throws {
        let out = CohortFixture.scratch("flair-contour")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = CohortFixture.options(out, patients: 30)
        options.mix = .balanced
        options.flairContour = .lesion
        _ = try CohortGenerator.generate(options, atlas: CohortFixture.atlas)
        let rows = try CohortDescription.table(out + "/manifest.csv").filter { $0["contoured"] == "1" }
        #expect(rows.contains { $0["modality"] == "flair" } && rows.contains { $0["modality"] == "t1ce" })
        for row in rows {
            let contour = try NIfTI.readVolume(path: out + "/" + row["rtstruct_path"]!).voxels
            let truth = try NIfTI.readVolume(path: out + "/" + row["truth_path"]!).voxels
            let labels = FLAIRContour.lesion.labels(on: Modality(rawValue: row["modality"]!)!)
            #expect(contour == truth.map { labels.contains(UInt8($0)) ? 1 : 0 }, "\(row["study_id"]!)")
        }
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")))
            as? [String: Any])
        #expect(meta["flair_contour"] as? String == "lesion")
    }

    @Test func aLesionFreeCohortHasEmptyContoursTheLabelNoneAndItsOwnPatientNumbers() throws {
        let out = CohortFixture.scratch("lesion-free")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = CohortFixture.options(out, patients: 5, format: .dicom)
        options.lesionFree = true
        let report = try CohortGenerator.generate(options, atlas: CohortFixture.atlas)
        let table = try CohortDescription.table(out + "/manifest.csv")
        #expect(table.count == report.studies && !table.isEmpty)
        for row in table {
            #expect(row["label"] == PrimarySite.lesionFreeLabel && row["contoured"] == "1")
            #expect(row["patient_id"]?.hasPrefix("C") == true)
            let truth = try NIfTI.readVolume(path: out + "/" + row["truth_path"]!)
            #expect(!truth.voxels.contains { $0 != 0 })
            // An RTSTRUCT whose one structure has no contour: readable, and it rasterises to nothing.
            let image = try DicomVolumeBuilder.build(try DicomScanner.scan(path: out + "/" + row["path"]!).series[0]).volume
            let rt = try RTStructureSet.read(path: out + "/" + row["rtstruct_path"]!)
            let mask = try rt.mask(for: try rt.roi("GTV_metastases"), on: image.geometry).mask
            #expect(!mask.voxels.contains { $0 != 0 })
            #expect(image.voxels.contains { $0 > 0 })
        }
        #expect(try CohortDescription(directory: out).text.contains(PrimarySite.lesionFreeLabel))
        #expect(try String(contentsOfFile: out + "/lesions.csv", encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func badArgumentsFailBeforeAnyWork() throws {
        let out = CohortFixture.scratch("bad")
        #expect(throws: CohortError.self) { try CohortGenerator.validate(CohortFixture.options(out, patients: 4)) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        #expect(throws: CohortError.self) { try CohortGenerator.validate(CohortFixture.options(out)) }
        var forced = CohortFixture.options(out)
        forced.force = true
        // --force replaces a cohort, never a folder holding other things.
        #expect(throws: CohortError.self) { try CohortGenerator.validate(forced) }
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        #expect(throws: CohortError.self) { try CohortGenerator.validate(CohortFixture.options("/proc/metorigin-cohort")) }
    }

    /// The first planned study of a small cohort with its patient's anatomy and lesions.
    private func firstJob(patients: Int, spacing: Spacing = Spacing(4, 4, 4)) throws
        -> (CohortGenerator.StudyJob, CohortOptions) {
        let options = CohortFixture.options("/unused", patients: patients, spacing: spacing)
        let plan = try CohortPlan(patients: patients, seed: options.seed, mix: .paper)
        let (anatomies, lesions) = CohortGenerator.drawPatients(plan, seed: options.seed, atlas: CohortFixture.atlas)
        // The study with the most lesions, so every label class shows up.
        let study = plan.studies.max { (lesions[$0.studyID]?.count ?? 0) < (lesions[$1.studyID]?.count ?? 0) }!
        return (CohortGenerator.StudyJob(index: 0, study: study, anatomy: anatomies[study.patientIndex]!,
                                         lesions: lesions[study.studyID] ?? []), options)
    }
}
