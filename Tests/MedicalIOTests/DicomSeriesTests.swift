import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Writer → folder scan → volume assembly round trips, geometry, gaps, and dciodvfy validation.
struct DicomSeriesTests {
    /// An oblique 16×12×6 volume with fractional and negative values.
    static func sampleVolume() throws -> ImageVolume {
        let g = ImageGeometry(size: GridSize(16, 12, 6), spacing: Spacing(0.9, 0.8, 2.5), origin: Point3(-10, 20, 30),
                              direction: Matrix3(columns: Point3(1, 0, 0), Point3(0, 0.8, 0.6), Point3(0, -0.6, 0.8)))
        var v = try ImageVolume(geometry: g, repeating: 0)
        for i in 0..<v.voxels.count { v.voxels[i] = Float(i % 97) * 0.37 - 5 }
        return v
    }

    @Test func writeScanBuildRoundTrip() throws {
        let v = try Self.sampleVolume()
        let dir = DicomTestData.temporaryFolder("series")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try DicomSeriesWriter.write(v, to: dir, options: DicomSeriesWriterOptions(seed: 7))
        #expect(paths.count == 6)
        let scan = try DicomScanner.scan(path: dir)
        #expect(scan.series.count == 1)
        let built = try DicomVolumeBuilder.build(scan.series[0])
        #expect(built.warnings.isEmpty)
        #expect(built.volume.geometry.isAligned(with: v.geometry, tolerance: 1e-6))
        let enc = DicomSeriesWriter.encoding(for: v.voxels)
        let worst = zip(built.volume.voxels, v.voxels).map { abs(Double($0) - Double($1)) }.max() ?? 1
        #expect(worst <= enc.slope * 0.5 + 1e-5, "max error \(worst) for slope \(enc.slope)")
    }

    @Test func integralVolumesAreStoredExactly() throws {
        var v = try Self.sampleVolume()
        for i in 0..<v.voxels.count { v.voxels[i] = Float(i % 300) - 150 }
        let enc = DicomSeriesWriter.encoding(for: v.voxels)
        #expect(enc == DicomSeriesWriter.Encoding(signed: true, slope: 1, intercept: 0))
        let dir = DicomTestData.temporaryFolder("exact")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DicomSeriesWriter.write(v, to: dir)
        let built = try DicomVolumeBuilder.build(try DicomScanner.scan(path: dir).series[0])
        #expect(built.volume.voxels == v.voxels)
    }

    @Test func writingIsDeterministic() throws {
        let v = try Self.sampleVolume()
        let a = try DicomSeriesWriter.dataSets(for: v, options: DicomSeriesWriterOptions(seed: 3))
        let b = try DicomSeriesWriter.dataSets(for: v, options: DicomSeriesWriterOptions(seed: 3))
        let c = try DicomSeriesWriter.dataSets(for: v, options: DicomSeriesWriterOptions(seed: 4))
        #expect(try DicomWriter.encode(a[2]) == DicomWriter.encode(b[2]))
        #expect(a[2].string(.seriesInstanceUID) != c[2].string(.seriesInstanceUID))
        #expect((a[2].string(.sopInstanceUID)?.count ?? 99) <= 64)
    }

    @Test func scanHandlesAnyNamesNestingAndNonDicomFiles() throws {
        let v = try Self.sampleVolume()
        let dir = DicomTestData.temporaryFolder("shuffle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try DicomSeriesWriter.write(v, to: dir + "/tmp")
        // Seeded shuffle of names into nested folders, plus a stray text file.
        var rng = SplitMix64(seed: 11)
        let names = (0..<paths.count).map { "x\($0)" }.shuffled(using: &rng)
        for (p, n) in zip(paths, names) {
            let sub = dir + "/a/\(n.hasSuffix("1") ? "b/" : "")"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: p, toPath: sub + n)
        }
        try "not dicom".write(toFile: dir + "/a/README.txt", atomically: true, encoding: .utf8)
        let scan = try DicomScanner.scan(path: dir)
        #expect(scan.series.count == 1)
        #expect(scan.notes.count == 1 && scan.notes[0].contains("README.txt"))
        let built = try DicomVolumeBuilder.build(scan.series[0])
        #expect(built.volume.geometry.isAligned(with: v.geometry, tolerance: 1e-6))
    }

    @Test func missingSliceIsNamed() throws {
        let v = try Self.sampleVolume()
        let dir = DicomTestData.temporaryFolder("gap")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try DicomSeriesWriter.write(v, to: dir)
        try FileManager.default.removeItem(atPath: paths[3])
        let series = try DicomScanner.scan(path: dir).series[0]
        do {
            _ = try DicomVolumeBuilder.build(series)
            Issue.record("a missing slice must be reported")
        } catch {
            guard case .series(_, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(reason.contains("gap of 5.000 mm") && reason.contains("1 missing"))
        }
        let tolerant = try DicomVolumeBuilder.build(series, options: DicomVolumeOptions(allowGaps: true))
        #expect(tolerant.warnings.contains { $0.contains("gap") })
    }

    @Test func duplicatePositionsAreAnError() throws {
        let v = try Self.sampleVolume()
        let dir = DicomTestData.temporaryFolder("dup")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var sets = try DicomSeriesWriter.dataSets(for: v)
        sets[4].set(.imagePositionPatient, decimals: sets[3].doubles(.imagePositionPatient) ?? [])
        for (i, ds) in sets.enumerated() { try DicomWriter.write(ds, to: dir + "/f\(i)") }
        #expect(throws: DicomError.self) { try DicomVolumeBuilder.build(try DicomScanner.scan(path: dir).series[0]) }
    }

    @Test func enhancedMultiFrameUsesPerFrameFunctionalGroups() throws {
        // Frames stored in reverse slice order with per-frame rescale, as Enhanced MR allows.
        let rows = 4, cols = 3, frames = 5
        var ds = DicomDataSet()
        ds.set(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.4.1")
        ds.set(.sopInstanceUID, .UI, DicomUID.make(seed: 1, "emr"))
        ds.set(.modality, .CS, "MR")
        ds.set(.seriesInstanceUID, .UI, DicomUID.make(seed: 1, "emr-series"))
        ds.set(.numberOfFrames, .IS, String(frames))
        ds.set(.rows, uint16: [UInt16(rows)]); ds.set(.columns, uint16: [UInt16(cols)])
        ds.set(.samplesPerPixel, uint16: [1]); ds.set(.photometricInterpretation, .CS, "MONOCHROME2")
        ds.set(.bitsAllocated, uint16: [16]); ds.set(.bitsStored, uint16: [12]); ds.set(.highBit, uint16: [11])
        ds.set(.pixelRepresentation, uint16: [0])
        var shared = DicomDataSet()
        var measures = DicomDataSet(); measures.set(.pixelSpacing, decimals: [0.5, 0.7]); measures.set(.sliceThickness, decimals: [2])
        var orient = DicomDataSet(); orient.set(.imageOrientationPatient, decimals: [0, 1, 0, 0, 0, -1])
        shared.set(.pixelMeasuresSequence, sequence: [measures]); shared.set(.planeOrientationSequence, sequence: [orient])
        ds.set(.sharedFunctionalGroupsSequence, sequence: [shared])
        var perFrame: [DicomDataSet] = []
        var pixels: [UInt8] = []
        for f in 0..<frames {
            let slice = frames - 1 - f  // reverse order
            var item = DicomDataSet()
            var pos = DicomDataSet(); pos.set(.imagePositionPatient, decimals: [Double(slice) * 3 + 1, 2, 3])
            var pvt = DicomDataSet(); pvt.set(.rescaleSlope, decimals: [Double(f + 1)]); pvt.set(.rescaleIntercept, decimals: [-1])
            item.set(.planePositionSequence, sequence: [pos]); item.set(.pixelValueTransformationSequence, sequence: [pvt])
            perFrame.append(item)
            for i in 0..<(rows * cols) {
                let stored = UInt16(slice * 100 + i) | 0xF000  // high bits above BitsStored must be ignored
                pixels += [UInt8(stored & 0xFF), UInt8(stored >> 8)]
            }
        }
        ds.set(.perFrameFunctionalGroupsSequence, sequence: perFrame)
        ds.set(.pixelData, .OW, bytes: pixels)
        let dir = DicomTestData.temporaryFolder("emr")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DicomWriter.write(ds, to: dir + "/emr.dcm")
        let built = try DicomVolumeBuilder.build(try DicomScanner.scan(path: dir).series[0])
        let g = built.volume.geometry
        #expect(g.size == GridSize(cols, rows, frames))
        // Normal = row (0,1,0) × column (0,0,-1) = (-1,0,0): ascending along it starts at x = 13.
        #expect(g.origin == Point3(13, 2, 3))
        #expect(g.spacing == Spacing(0.7, 0.5, 3))
        #expect(g.direction.column(2) == Point3(-1, 0, 0))
        for k in 0..<frames {
            let slice = frames - 1 - k
            let f = frames - 1 - slice
            #expect(built.volume[1, 2, k] == Float(slice * 100 + 7) * Float(f + 1) - 1)
        }
    }

    @Test func realFilesBecomeVolumesWithDeclaredGeometry() throws {
        guard let path = DicomTestData.path("MR_small.dcm") else { return }
        let scan = try DicomScanner.scan(path: path)
        let v = try DicomVolumeBuilder.build(scan.series[0]).volume
        #expect(v.geometry.size == GridSize(64, 64, 1))
        #expect(v.geometry.origin == Point3(-83.9063, -91.2, 6.6406))
        #expect(v.geometry.spacing.x == 0.3125 && v.geometry.spacing.y == 0.3125)
        if let emri = DicomTestData.path("emri_small.dcm") {
            let r = try DicomVolumeBuilder.build(try DicomScanner.scan(path: emri).series[0])
            #expect(r.volume.geometry.size == GridSize(64, 64, 10))
            #expect(r.volume.geometry.spacing.z == 1.2)
        }
        if let mosaic = DicomTestData.path("0051.dcm") {
            // Reference: nibabel's MosaicWrapper (image_position, slice_normal, per-slice sums).
            let r = try DicomVolumeBuilder.build(try DicomScanner.scan(path: mosaic).series[0])
            let g = r.volume.geometry
            #expect(g.size == GridSize(72, 72, 20))
            #expect(DicomVolumeBuilder.maxAbs(g.origin - Point3(-111.36594627, -138.50847435, -43.56861854)) < 1e-6)
            #expect(DicomVolumeBuilder.maxAbs(g.direction.column(2) - Point3(0.06279052, 0, 0.99802673)) < 1e-6)
            #expect(abs(g.spacing.z - 6.0000000136504) < 1e-9)
            let plane = 72 * 72
            #expect(r.volume.voxels[0..<plane].reduce(0, +) == 697_584)
            #expect(r.volume.voxels[(5 * plane)..<(6 * plane)].reduce(0, +) == 990_735)
            #expect(r.warnings.contains { $0.contains("mosaic unpacked") })
        }
    }

    @Test func fastAndGeneralDecodingPathsAgree() throws {
        // Explicit LE takes the zero-copy path; big endian, implicit and RLE the general one.
        let names = ["MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm"]
        let volumes = try names.compactMap { DicomTestData.path($0) }.map {
            try DicomVolumeBuilder.build(try DicomScanner.scan(path: $0).series[0]).volume
        }
        guard let first = volumes.first else { return }
        #expect(volumes.count == names.count)
        for v in volumes.dropFirst() {
            #expect(v.voxels == first.voxels)
            #expect(v.geometry == first.geometry)
        }
    }

    @Test func writtenSeriesPassesDciodvfy() throws {
        let tool = "/usr/bin/dciodvfy"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            print("skipping: dciodvfy not installed (scripts/setup.sh installs dicom3tools)")
            return
        }
        let dir = DicomTestData.temporaryFolder("dciodvfy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try DicomSeriesWriter.write(try Self.sampleVolume(), to: dir)
        for p in [paths[0], paths[5]] {
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: tool)
            proc.arguments = [p]
            let pipe = Pipe()
            proc.standardOutput = pipe; proc.standardError = pipe
            try proc.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            proc.waitUntilExit()
            let errors = out.split(separator: "\n").filter { $0.hasPrefix("Error") }
            #expect(errors.isEmpty, "dciodvfy \(p):\n\(out)")
            #expect(out.contains("MRImage"))
        }
    }
}

/// Classification of MR series from header attributes.
struct MRSeriesClassifierTests {
    func header(_ fields: [(DicomTag, VR, String)]) -> DicomDataSet {
        var ds = DicomDataSet()
        ds.set(.modality, .CS, "MR")
        ds.set(.seriesInstanceUID, .UI, "1.2.3")
        for (t, vr, v) in fields { ds.set(t, vr, v) }
        return ds
    }

    @Test func namesParametersAndOverrides() {
        let flair = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "AX T2 FLAIR")]))
        #expect(flair.kind == .flair && flair.reason.contains("FLAIR"))
        let irFlair = MRSeriesClassifier.classify(header([(.inversionTime, .DS, "2500"), (.repetitionTime, .DS, "9000"), (.seriesDescription, .LO, "ax 3")]))
        #expect(irFlair.kind == .flair && irFlair.reason.contains("TI 2500"))
        let t1ce = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "T1 MPRAGE"), (.contrastBolusAgent, .LO, "Gadovist")]))
        #expect(t1ce.kind == .t1ce && t1ce.reason.contains("Gadovist"))
        let post = MRSeriesClassifier.classify(header([(.protocolName, .LO, "t1_se_tra POST")]))
        #expect(post.kind == .t1ce)
        let t1pre = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "T1 SE AX")]))
        #expect(t1pre.kind == .other && t1pre.reason.contains("no sign of contrast"))
        let geT1Flair = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "AX T1 FLAIR +C")]))
        #expect(geT1Flair.kind == .t1ce)
        let dwi = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "DWI b1000")]))
        #expect(dwi.kind == .other)
        let ct = MRSeriesClassifier.classify({ var d = header([]); d.set(.modality, .CS, "CT"); return d }())
        #expect(ct.kind == .other && ct.reason.contains("CT"))
        let overridden = MRSeriesClassifier.classify(header([(.seriesDescription, .LO, "DWI")]), overrides: ["1.2.3": .flair])
        #expect(overridden.kind == .flair && overridden.reason.contains("override"))
    }
}
