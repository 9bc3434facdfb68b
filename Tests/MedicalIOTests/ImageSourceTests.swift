import Foundation
import Testing
@testable import MedicalIO

/// `ImageSource`: one way to read a study, whatever its format and however many series it holds.
@Suite struct ImageSourceTests {
    /// A study folder as a scanner exports it: a T1 CE, a FLAIR and a localiser, each in its own
    /// subfolder, with distinct voxel values so a wrong pick shows.
    static func mixedStudy(_ label: String) throws -> (folder: String, t1ce: ImageVolume, flair: ImageVolume) {
        let dir = DicomTestData.temporaryFolder(label)
        var t1 = try DicomSeriesTests.sampleVolume()
        var flair = t1
        for i in t1.voxels.indices { t1.voxels[i] = Float(i % 50); flair.voxels[i] = Float(i % 70) + 100 }
        let localiserGrid = ImageGeometry(size: GridSize(16, 12, 3), spacing: Spacing(2, 2, 5))
        let localiser = try ImageVolume(geometry: localiserGrid, repeating: 7)
        try DicomSeriesWriter.write(localiser, to: dir + "/1", options: DicomSeriesWriterOptions(seed: 1, seriesDescription: "3-plane localizer", seriesNumber: 1))
        try DicomSeriesWriter.write(flair, to: dir + "/2", options: DicomSeriesWriterOptions(seed: 2, seriesDescription: "AX T2 FLAIR", seriesNumber: 2))
        try DicomSeriesWriter.write(t1, to: dir + "/3", options: DicomSeriesWriterOptions(seed: 3, seriesDescription: "T1 MPRAGE POST GAD", seriesNumber: 3))
        return (dir, t1, flair)
    }

    @Test func mixedFolderPicksT1CEAndFLAIRByClassification() throws {
        let study = try Self.mixedStudy("source-mixed")
        defer { try? FileManager.default.removeItem(atPath: study.folder) }
        let source = try ImageSource(path: study.folder)
        #expect(source.format == .dicom)
        #expect(source.series.map(\.seriesNumber) == [1, 2, 3])
        #expect(source.series.map(\.classification.kind) == [.other, .flair, .t1ce])
        #expect(try source.series(for: .t1ce)?.seriesNumber == 3)
        #expect(try source.series(for: .flair)?.seriesNumber == 2)
        #expect(try source.volume(for: .t1ce).voxels == study.t1ce.voxels)
        #expect(try source.volume(for: .flair).voxels == study.flair.voxels)
        // A single-image reader has no contrast to go by: three image series need a choice.
        #expect {
            try source.volume()
        } throws: { error in
            guard case .severalSeries = error as? ImageSourceError else { return false }
            return "\(error)".contains("--series")
        }
    }

    @Test func userChoiceByUIDOrDescriptionPatternWins() throws {
        let study = try Self.mixedStudy("source-choice")
        defer { try? FileManager.default.removeItem(atPath: study.folder) }
        let localiser = try #require(try ImageSource(path: study.folder).series.first { $0.seriesNumber == 1 })
        let byUID = try ImageSource.open(study.folder, selection: SeriesSelection(t1ce: SeriesChoice(localiser.seriesInstanceUID)))
        #expect(try byUID.series(for: .t1ce)?.seriesNumber == 1)
        #expect(try byUID.volume(for: .t1ce).geometry.size == GridSize(16, 12, 3))
        #expect(try byUID.series(for: .flair)?.seriesNumber == 2, "the other contrast is still classified")

        let byPattern = try ImageSource.open(study.folder, selection: SeriesSelection(flair: SeriesChoice("*t2*flair")))
        #expect(try byPattern.series(for: .flair)?.seriesNumber == 2)
        let bySubstring = try ImageSource.open(study.folder, selection: SeriesSelection(single: SeriesChoice("mprage")))
        #expect(try bySubstring.volume().voxels == study.t1ce.voxels)

        // A pattern must name exactly one image series.
        for (pattern, matches) in [("*A*", 3), ("DWI", 0)] {
            let source = try ImageSource.open(study.folder, selection: SeriesSelection(t1ce: SeriesChoice(pattern)))
            #expect {
                try source.series(for: .t1ce)
            } throws: { error in
                guard case .choice(_, _, let matched, _) = error as? ImageSourceError else { return false }
                return matched.count == matches && "\(error)".contains(pattern)
            }
        }
    }

    @Test func folderWithoutUsableSeriesListsWhatItSawAndTheOverride() throws {
        let dir = DicomTestData.temporaryFolder("source-unusable")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try DicomSeriesTests.sampleVolume()
        try DicomSeriesWriter.write(v, to: dir + "/a", options: DicomSeriesWriterOptions(seed: 1, seriesDescription: "3-plane localizer", seriesNumber: 1))
        try DicomSeriesWriter.write(v, to: dir + "/b", options: DicomSeriesWriterOptions(seed: 2, seriesDescription: "DWI b1000", seriesNumber: 7))
        let source = try ImageSource(path: dir)
        #expect {
            try source.volume(for: .t1ce)
        } throws: { error in
            guard case .noUsableSeries(let path, .t1ce, let seen, _) = error as? ImageSourceError, path == dir, seen.count == 2 else { return false }
            let text = "\(error)"
            return text.hasPrefix(dir) && text.contains("no T1 CE series") && text.contains("--t1ce-series")
                && text.contains("series 1 MR \"3-plane localizer\"") && text.contains("series 7 MR \"DWI b1000\"")
                && text.components(separatedBy: ": other — ").count == 3
        }
        // Read from a manifest, the advice is about the manifest row instead of an option.
        let fromManifest = try ImageSource.open(dir, selection: SeriesSelection(remedy: .manifest))
        #expect {
            try fromManifest.volume(for: .flair)
        } throws: { error in
            let text = "\(error)"
            return text.contains("no FLAIR series") && text.contains("manifest row") && !text.contains("--flair-series")
        }
        // An empty folder has nothing to list but says so.
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        #expect(throws: ImageSourceError.self) { try ImageSource(path: dir + "/empty").volume(for: .t1ce) }
    }

    @Test func aFoldersOnlySeriesServesEitherContrast() throws {
        // As a manifest row names a series folder with its modality, the classifier's verdict
        // only matters when there is a choice.
        let dir = DicomTestData.temporaryFolder("source-single")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try DicomSeriesTests.sampleVolume()
        try DicomSeriesWriter.write(v, to: dir, options: DicomSeriesWriterOptions(seed: 4, seriesDescription: "unnamed", seriesNumber: 9))
        let source = try ImageSource(path: dir)
        #expect(source.series.first?.classification.kind == .other)
        #expect(try source.volume(for: .t1ce).voxels == source.volume(for: .flair).voxels)
        #expect(try source.volume().geometry.isAligned(with: v.geometry, tolerance: 1e-4))
    }

    @Test func hiddenAndPartialFoldersAreNeverInputs() throws {
        let study = try Self.mixedStudy("source-partial")
        defer { try? FileManager.default.removeItem(atPath: study.folder) }
        let v = try DicomSeriesTests.sampleVolume()
        // What an interrupted export leaves: a staging folder and a half-written series.
        try DicomSeriesWriter.write(v, to: study.folder + "/.4.partial", options: DicomSeriesWriterOptions(seed: 5, seriesDescription: "AX FLAIR 2", seriesNumber: 4))
        try DicomSeriesWriter.write(v, to: study.folder + "/5.partial", options: DicomSeriesWriterOptions(seed: 6, seriesDescription: "T1 POST GAD 2", seriesNumber: 5))
        try DicomSeriesWriter.write(v, to: study.folder + "/.hidden/6", options: DicomSeriesWriterOptions(seed: 7, seriesDescription: "AX FLAIR 3", seriesNumber: 6))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: study.folder + "/.DS_Store"))
        let source = try ImageSource(path: study.folder)
        #expect(source.series.map(\.seriesNumber) == [1, 2, 3])
        #expect(source.notes.isEmpty, "hidden files are not even scanned: \(source.notes)")
        #expect(try source.series(for: .flair)?.seriesNumber == 2)
        for excluded in ["/5.partial", "/.4.partial", "/.hidden"] {
            #expect {
                try ImageSource(path: study.folder + excluded)
            } throws: { error in
                guard case .notAnInput(let path) = error as? ImageSourceError else { return false }
                return path == study.folder + excluded
            }
        }
    }

    @Test func niftiFileIsOneImageOfWhateverContrastTheCallerSays() throws {
        let dir = DicomTestData.temporaryFolder("source-nifti")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try DicomSeriesTests.sampleVolume()
        try NIfTI.write(v, to: dir + "/t1ce.nii.gz")
        let source = try ImageSource(path: dir + "/t1ce.nii.gz")
        #expect(source.format == .nifti && source.series.isEmpty)
        #expect(try source.series(for: .t1ce) == nil)
        let read = try source.volume(for: .flair)
        #expect(read.voxels == v.voxels && read.geometry.isAligned(with: v.geometry, tolerance: 1e-4))
        #expect(try source.volume().voxels == v.voxels)
        #expect {
            try ImageSource(path: dir + "/missing.nii")
        } throws: { error in
            guard case .nifti(let path, _) = error as? ImageSourceError else { return false }
            return path == dir + "/missing.nii"
        }
        // A reader's own message names the file once, not twice.
        let broken = dir + "/broken.nii"
        try Data(repeating: 0, count: 100).write(to: URL(fileURLWithPath: broken))
        do {
            _ = try ImageSource(path: broken).volume()
            Issue.record("a 100-byte NIfTI file was read")
        } catch {
            #expect(error.description.components(separatedBy: broken).count == 2, "\(error.description)")
        }
    }

    @Test func descriptionPatterns() {
        let match = SeriesChoice.glob
        #expect(match("*T1*GD*", "t1_mprage_tra POST GD"))
        #expect(match("AX ?2 FLAIR", "ax t2 flair"))
        #expect(!match("AX ?2 FLAIR", "AX T2 FLAIR 2"))
        #expect(match("flair", "AX T2 FLAIR (fs)"), "no wildcard: contains")
        #expect(!match("*T1", "T1 POST"))
        #expect(match("*", ""))
        #expect(!match("", "anything"))
        #expect(SeriesChoice("1.2.3").matches(uid: "1.2.3", seriesDescription: "x"))
    }
}
