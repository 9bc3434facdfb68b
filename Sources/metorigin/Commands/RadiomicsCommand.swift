import ArgumentParser
import Foundation
import MedicalIO
import Pipeline
import Radiomics

/// `metorigin radiomics --image I --mask M --out features.csv`: pyradiomics-compatible features
/// of every lesion (26-connected component of the mask) and of the whole mask.
struct RadiomicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radiomics",
        abstract: "Per-lesion and per-study radiomics features with pyradiomics' names and defaults.",
        discussion: "With --manifest (and --masks truth or --probability-maps DIR) --out is a folder that receives lesions.csv (every lesion of every acquired image) and studies.csv (the per-study rows of cv --model radiomics), with a per-image cache so a rerun resumes. Otherwise: one row per lesion and one for the study (the whole mask): lesion id, voxel count, centroid (LPS, mm), then shape, first-order, GLCM, GLDM, GLRLM, GLSZM and NGTDM features named as pyradiomics names them (original_shape_Sphericity, …). Lesions that pyradiomics cannot describe (a single voxel or a line) are left out with a note. See docs/radiomics.md."
    )

    @Option(help: ArgumentHelp("The image (NIfTI).", valueName: "I.nii.gz"))
    var image: String?

    @Option(help: ArgumentHelp("A second image on the same grid (e.g. FLAIR); its features get the prefix image2_.", valueName: "FLAIR.nii.gz"))
    var image2: String?

    @Option(help: ArgumentHelp("The lesion mask (NIfTI, 0 = background).", valueName: "M.nii.gz"))
    var mask: String?

    @Option(help: ArgumentHelp("A cohort manifest: tables for every study (with --masks truth or --probability-maps).", valueName: "manifest.csv"))
    var manifest: String?

    @Option(help: ArgumentHelp("With --manifest: 'truth' takes the lesions of the truth_path label maps (labels 1 and 2).", valueName: "truth"))
    var masks: String?

    @Option(help: "With --manifest: a folder of tumour probability maps with its index.csv (segment maps), thresholded at 0.5.")
    var probabilityMaps: String?

    @Option(help: ArgumentHelp("Where to write the table (CSV, or JSON with --json); with --manifest, a folder.", valueName: "features.csv"))
    var out: String

    @Flag(help: "Write JSON instead of CSV.")
    var json = false

    @Option(help: "The mask label to describe; other non-zero labels are then ignored (default: 1, and any other label is an error).")
    var label: Int?

    @Option(help: "Leave out lesions with fewer voxels (they still count in the study row).")
    var minLesionVoxels: Positive = 1

    @Option(help: "pyradiomics binWidth.")
    var binWidth = 25.0

    @Flag(help: "pyradiomics normalize: standardise the whole image first.")
    var normalize = false

    @Option(help: "pyradiomics normalizeScale (with --normalize).")
    var normalizeScale = 1.0

    @Option(help: "pyradiomics removeOutliers (with --normalize).")
    var removeOutliers: Double?

    func validate() throws {
        guard binWidth > 0, binWidth.isFinite else { throw ValidationError("--bin-width must be positive") }
        if manifest != nil {
            guard image == nil, image2 == nil, mask == nil else {
                throw ValidationError("--manifest replaces --image, --image2 and --mask")
            }
            guard (masks == "truth") != (probabilityMaps != nil) else {
                throw ValidationError("--manifest needs exactly one of --masks truth and --probability-maps DIR")
            }
        } else {
            guard image != nil, mask != nil else { throw ValidationError("give --image and --mask, or --manifest") }
            guard masks == nil, probabilityMaps == nil else {
                throw ValidationError("--masks and --probability-maps go with --manifest")
            }
        }
    }

    func run() throws {
        let settings = RadiomicsSettings(binWidth: binWidth, normalize: normalize, normalizeScale: normalizeScale,
                                         removeOutliers: removeOutliers, label: label ?? 1)
        guard let image, let mask else { return try runCohort(settings: settings) }
        let maskVolume = try NIfTI.readVolume(path: mask)
        func extract(_ path: String) throws -> StudyFeatures {
            let volume = try NIfTI.readVolume(path: path)
            do {
                return try RadiomicsExtractor.extract(image: volume, mask: maskVolume, settings: settings,
                                                      minimumLesionVoxels: minLesionVoxels.value, allowOtherLabels: label != nil)
            } catch {
                throw ValidationError("\(path) with \(mask): \(error)")
            }
        }
        let primary = try extract(image)
        let second = try image2.map(extract)
        for s in primary.skipped {
            FileHandle.standardError.write(Data("note: lesion \(s.lesionID) (\(s.voxelCount) voxels) left out: \(s.reason)\n".utf8))
        }
        let table = FeatureTable(primary, second: second)
        if json {
            try AtomicFile.write(try table.json(), to: out)
        } else {
            try AtomicFile.write(table.csv, to: out)
        }
        print("wrote \(out): \(primary.lesions.count) lesion(s) and the study, \(table.columns.count - 5) features each")
    }

    /// The cohort form: lesion and study tables of every study in the manifest.
    func runCohort(settings: RadiomicsSettings) throws {
        var options = LesionExtractionOptions()
        options.settings = settings
        options.minimumLesionVoxels = minLesionVoxels.value
        if let folder = probabilityMaps { options.masks = .probabilityMaps(folder: folder, threshold: 0.5) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let quiet = json
        let result = try RadiomicsCohort.run(manifestPath: manifest ?? "", outputFolder: out, options: options) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        if json { return print(String(decoding: try ResultJSON.encode(result), as: UTF8.self)) }
        print(String(format: "wrote %@ (%d lesions) and %@ (%d studies, %d images) in %.1f s", result.lesionTable,
                     result.lesions, result.studyTable, result.studies, result.images, result.seconds))
    }
}
