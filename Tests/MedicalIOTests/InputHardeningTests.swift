import Foundation
import Testing
@testable import MedicalIO

/// Inputs that used to crash the process or be accepted with wrong geometry: each is refused
/// with a typed error naming the input, or accepted with a warning saying what was done.
@Suite struct InputHardeningTests {
    typealias Bad = NIfTIBadInputTests

    static func nifti(size: GridSize, spacing: Spacing, volumes: Int = 1) throws -> Data {
        let g = ImageGeometry(size: size, spacing: spacing, origin: Point3(3, -4, 5))
        let v = try (0..<volumes).map { t in
            try Volume<Int16>(geometry: g, voxels: (0..<size.count).map { Int16(($0 + t) % 100) })
        }
        return try NIfTI.encode(v, options: NIfTIWriteOptions(), gzip: false)
    }

    static func write(_ data: Data, _ name: String) throws -> (folder: String, path: String) {
        let dir = DicomTestData.temporaryFolder("harden")
        let path = dir + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    // MARK: - Memory budget

    @Test func budgetSizesParseAndTheRuleTakesTheTightestLimit() {
        #expect(MemoryBudget.parse("8G") == 8 << 30)
        #expect(MemoryBudget.parse("512M") == 512 << 20)
        #expect(MemoryBudget.parse("1.5g") == 3 << 29)
        #expect(MemoryBudget.parse("0") == nil && MemoryBudget.parse("lots") == nil && MemoryBudget.parse("-1G") == nil)
        // `ulimit -v 3500000` with 1 GiB already mapped leaves less than the machine's memory.
        let m = MachineMemory(available: 64 << 30, addressSpaceLimit: 3_500_000 * 1024, virtualSize: 1 << 30, residentSize: 100 << 20)
        let a = MemoryBudget.available(limit: nil, machine: m)
        #expect(a.bytes == 3_500_000 * 1024 - (1 << 30) - MemoryBudget.addressSpaceReserve)
        #expect(a.source.contains("ulimit -v"))
        let capped = MemoryBudget.available(limit: 512 << 20, machine: m)
        #expect(capped.bytes == 412 << 20 && capped.source.contains("--max-memory"))
        // /proc/self/status separates with a tab.
        #expect(MachineMemory.kibibytes("VmSize", in: "Name:\tx\nVmSize:\t 2663932 kB\n") == 2_663_932 * 1024)
    }

    /// A spacing typed ten times too fine asks for a ~40 GB grid: refused before allocation.
    @Test func resamplingOntoAnAbsurdGridIsRefused() throws {
        let (dir, path) = try Self.write(try Self.nifti(size: GridSize(64, 64, 16), spacing: Spacing(4, 4, 15)), "in.nii")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = ContinuousClock.now
        do {
            _ = try NIfTIResampling.resampleFile(input: path, output: dir + "/out.nii.gz", spacing: Spacing(0.064, 0.064, 0.24),
                                                 interpolation: .linear, budget: MemoryBudget(limit: 8 << 30))
            Issue.record("a 4000×4000×1000 grid was not refused")
        } catch {
            guard case .volume(_, .memoryBudget(let e)) = error else { Issue.record("wrong error \(error)"); return }
            #expect(e.needed > 60 << 30)
            #expect(error.description.contains(path) && error.description.contains("4000×4000×1000"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.nii.gz"))
    }

    /// A valid 1 GiB volume (a sparse file here) under a smaller budget: a typed error, not a trap.
    @Test func aVolumeLargerThanTheBudgetIsRefused() throws {
        var header = try Self.nifti(size: GridSize(2, 2, 2), spacing: Spacing(1, 1, 1)).prefix(352)
        for (i, d) in [Int16(3), 1024, 1024, 1024].enumerated() { header = Bad.patch(header, at: 40 + 2 * i, Bad.le(d)) }
        header = Bad.patch(header, at: 70, Bad.le(Int16(2)))  // uint8
        header = Bad.patch(header, at: 72, Bad.le(Int16(8)))
        let (dir, path) = try Self.write(Data(header), "big.nii")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fd = open(path, O_WRONLY)
        #expect(ftruncate(fd, off_t(352 + (1 << 30))) == 0)
        close(fd)
        do {
            _ = try NIfTI.read(path: path, budget: MemoryBudget(limit: 256 << 20))
            Issue.record("1 GiB of voxels under a 256 MiB budget was not refused")
        } catch {
            guard case .memoryBudget = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains(path) && error.description.contains("1024×1024×1024"), "\(error)")
        }
        let small = try ImageVolume(geometry: ImageGeometry(size: GridSize(4, 4, 4), spacing: Spacing(1, 1, 1)), repeating: 1)
        #expect(throws: VolumeError.self) {
            try small.extracted(VoxelRegion(lower: SIMD3(0, 0, 0), size: GridSize(2048, 2048, 2048)), budget: MemoryBudget(limit: 1 << 30))
        }
    }

    // MARK: - NIfTI transforms

    func read(_ data: Data) throws(NIfTIError) -> NIfTIImage { try NIfTI.decode(data, path: "x.nii") }

    @Test func aNaNSformFallsBackToTheQformWithAWarning() throws {
        let data = Bad.patch(try Bad.good(), at: 280, Bad.lef(.nan))
        let image = try read(data)
        #expect(image.geometry.spacing == Spacing(1, 1, 2))
        #expect(image.warnings.count == 1)
        #expect(image.warnings.first?.contains("sform (sform_code 1) holds non-finite values") == true)
        #expect(image.warnings.first?.contains("using the qform") == true)
    }

    @Test func aSingularSformAndAnInvalidQuaternionFallBackToPixdim() throws {
        var data = try Bad.good()
        for o in stride(from: 280, to: 328, by: 4) { data = Bad.patch(data, at: o, Bad.lef(0)) }
        data = Bad.patch(data, at: 256, Bad.lef(2))  // quatern_b = 2: |(b, c, d)| > 1
        let image = try read(data)
        let w = image.warnings.joined()
        #expect(w.contains("singular") && w.contains("not a rotation") && w.contains("NIfTI method 1"), "\(w)")
        #expect(image.geometry.spacing == Spacing(1, 1, 2))
    }

    @Test func noUsableTransformIsRefused() throws {
        var data = Bad.patch(try Bad.good(), at: 254, Bad.le(Int16(0)))  // no sform
        data = Bad.patch(data, at: 80, Bad.lef(.nan))  // pixdim[1]
        do {
            _ = try read(data)
            Issue.record("NaN pixdim without an sform was accepted")
        } catch {
            guard case .invalidGeometry = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains("qform") && error.description.contains("pixdim"), "\(error)")
        }
    }

    @Test func conversionPassesReaderWarningsOn() throws {
        let (dir, path) = try Self.write(Bad.patch(try Bad.good(), at: 296, Bad.lef(.infinity)), "s.nii")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = try DicomConversion.convert(input: path, output: dir + "/o.nii")
        #expect(report.warnings.contains { $0.contains("sform") && $0.contains(path) })
        let resampled = try NIfTIResampling.resampleFile(input: path, output: dir + "/r.nii", spacing: Spacing(2, 2, 2), interpolation: .linear)
        #expect(resampled.warnings == report.warnings)
    }

    // MARK: - 4-D and CIFTI-like files

    @Test func aFourDimensionalFileNeedsAChosenVolume() throws {
        let (dir, path) = try Self.write(try Self.nifti(size: GridSize(3, 3, 2), spacing: Spacing(1, 1, 1), volumes: 3), "t.nii")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: NIfTIError.multipleVolumes(path: path, dims: [4, 3, 3, 2, 3], count: 3)) { try NIfTI.readVolume(path: path) }
        #expect(try NIfTI.readVolume(path: path, volume: 2).voxels.first == 2)
        #expect(throws: DicomConversion.Failure.self) { try DicomConversion.convert(input: path, output: dir + "/o.nii") }
        #expect(try DicomConversion.convert(input: path, output: dir + "/o.nii", volume: 1).size == [3, 3, 2])
        // A CIFTI-like file: 1×1×1 spatially, values along dim 5.
        let (dir2, cifti) = try Self.write(try Self.nifti(size: GridSize(1, 1, 1), spacing: Spacing(1, 1, 1), volumes: 40), "c.nii")
        defer { try? FileManager.default.removeItem(atPath: dir2) }
        do {
            _ = try NIfTI.readVolume(path: cifti)
            Issue.record("a 1×1×1×40 file was read as an image")
        } catch {
            #expect(error.description.contains("1×1×1") && error.description.contains("--volume"), "\(error)")
        }
    }

    // MARK: - DICOM geometry

    /// A 4×3 single-frame series with one slice per position along the normal; slice k holds
    /// the value 10 · position.
    static func series(positions: [Double], folder: String, badPosition: [String]? = nil) throws -> DicomSeries {
        let g = ImageGeometry(size: GridSize(4, 3, positions.count), spacing: Spacing(1, 1, 1), origin: Point3(1, 2, 3))
        var v = try ImageVolume(geometry: g, repeating: 0)
        for k in 0..<positions.count { for i in 0..<12 { v.voxels[k * 12 + i] = Float(positions[k] * 10) } }
        var sets = try DicomSeriesWriter.dataSets(for: v)
        for (k, p) in positions.enumerated() { sets[k].set(.imagePositionPatient, decimals: [1, 2, 3 + p]) }
        if let badPosition { sets[0].set(.imagePositionPatient, .DS, strings: badPosition) }
        for (i, ds) in sets.enumerated() { try DicomWriter.write(ds, to: folder + "/f\(i).dcm") }
        return try DicomScanner.scan(path: folder).series[0]
    }

    @Test func aSingleSliceWithANonFinitePositionIsRefused() throws {
        for bad in [["NaN", "0", "0"], ["0", "inf", "0"]] {
            let dir = DicomTestData.temporaryFolder("nanpos")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let series = try Self.series(positions: [0], folder: dir, badPosition: bad)
            do {
                let built = try DicomVolumeBuilder.build(series)
                Issue.record("placed at \(built.volume.geometry.origin)")
            } catch {
                guard case .invalidValue(let file, .imagePositionPatient?, _, _) = error else { Issue.record("wrong error \(error)"); return }
                #expect(file == dir + "/f0.dcm")
            }
        }
    }

    @Test func irregularSliceSpacingIsRefusedUnlessResampled() throws {
        let positions = [0, 1, 2, 4, 6, 8.5]
        let dir = DicomTestData.temporaryFolder("irregular")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let series = try Self.series(positions: positions, folder: dir)
        do {
            _ = try DicomVolumeBuilder.build(series)
            Issue.record("1 mm then 2 mm steps were put on a uniform grid")
        } catch {
            guard case .series(_, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(reason.contains(series.uid) && reason.contains("3.000, 4.000, 5.000, 7.000, 9.000, 11.500"), "\(reason)")
        }
        let built = try DicomVolumeBuilder.build(series, options: DicomVolumeOptions(resampleIrregular: true))
        let g = built.volume.geometry
        #expect(g.size == GridSize(4, 3, 5))
        #expect(abs(g.spacing.z - 2.125) < 1e-9 && g.origin == Point3(1, 2, 3))
        #expect(built.warnings.contains { $0.contains("interpolated onto a regular grid") })
        // Values are linear in position, so interpolation from the true positions reproduces
        // 10 · z at every regular slice (a uniform stack would give 10, 20, 40, … instead).
        for k in 0..<5 {
            let want = Float(10 * 2.125 * Double(k))
            #expect(abs(built.volume[0, 0, k] - want) < 0.05, "slice \(k): \(built.volume[0, 0, k]) ≠ \(want)")
        }
    }

    // MARK: - Messages

    @Test func convertingOneBadFileSaysWhy() throws {
        let (dir, path) = try Self.write(Data("not dicom at all".utf8), "x.dcm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try DicomConversion.convert(input: path, output: dir + "/o.nii")
            Issue.record("converted a text file")
        } catch {
            #expect(error.description.contains("no DICOM image series found") && error.description.contains("not a DICOM file"), "\(error)")
        }
    }

    @Test func voxOffsetInsideTheHeaderIsReportedAsSuch() throws {
        let data = Bad.patch(try Bad.good(), at: 108, Bad.lef(100))
        #expect(data.count > 540)
        do {
            _ = try read(data)
            Issue.record("vox_offset 100 accepted")
        } catch {
            #expect(error.description.contains("inside the 348-byte header") && !error.description.contains("540"), "\(error)")
        }
        let past = Bad.patch(try Bad.good(), at: 108, Bad.lef(100_000))
        #expect(throws: NIfTIError.invalidVoxOffset(path: "x.nii", offset: 100_000, reason: "the file has only \(past.count) bytes")) {
            try read(past)
        }
    }

    @Test func aFullDiskSaysSo() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let why = AtomicFile.writeAll(Data(repeating: 1, count: 4096), to: fd)
        #expect(why?.contains("the disk is full") == true, "\(String(describing: why))")
        // The in-place writer the cohort's DICOM slices use says the same, naming the file.
        #expect {
            try AtomicFile.writeInPlace(Data(repeating: 1, count: 4096), to: "/dev/full")
        } throws: { error in
            let e = error as? AtomicFile.WriteError
            return e?.path == "/dev/full" && e?.reason.contains("the disk is full") == true
        }
    }
}
