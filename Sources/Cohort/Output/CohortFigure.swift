import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// The documentation figure: one synthetic patient per class, an axial slice through its
/// largest metastasis as T1 CE, FLAIR, and the truth labels over FLAIR (red enhancing, yellow
/// core, green oedema). Rows in class order: lung, breast, melanoma, renal, other.
public enum CohortFigure {
    /// Renders the figure as PNG bytes. Each panel is a single-slice acquisition rendered
    /// directly at `pixel` mm, through the same generator as the cohort.
    public static func png(atlas: TissueAtlas, seed: UInt64, pixel: Double = 1.0, panel: Int = 220) throws(CohortError) -> Data {
        let classes = PrimarySite.allCases
        let columns = 3
        let width = panel * columns, height = panel * classes.count
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        let sampler = LesionSampler(atlas: atlas)
        for (row, label) in classes.enumerated() {
            // Draw patients of this class until one has a lesion of at least 12 mm.
            var attempt: UInt64 = 0
            var chosen: (PatientAnatomy, [Lesion])?
            while chosen == nil || attempt < 1 {
                var random = SplitMix64(seed: seed, stream: 0xF16, UInt64(row), attempt)
                let anatomy = PatientAnatomy(atlas: atlas, random: &random)
                let factors = LesionSampler.PatientFactors(random: &random)
                let lesions = sampler.lesions(for: label, factors: factors, random: &random)
                if (lesions.map(\.diameter).max() ?? 0) >= 12 || attempt > 40 { chosen = (anatomy, lesions) }
                attempt += 1
            }
            guard let (anatomy, lesions) = chosen, let biggest = lesions.max(by: { $0.diameter < $1.diameter }) else {
                continue
            }
            // Axial slice through the lesion centre, centred on the head in-plane.
            let centreWorld = anatomy.world(ofAtlas: biggest.centre)
            let headCentre = anatomy.world(ofAtlas: atlas.brainCentre)
            let fov = Double(panel) * pixel
            let origin = Point3(headCentre.x - fov / 2, headCentre.y - fov / 2 - 8, centreWorld.z)
            let geometry = ImageGeometry(size: GridSize(panel, panel, 1), spacing: Spacing(pixel, pixel, pixel),
                                         origin: origin)
            var images: [Volume<Int16>] = []
            var truth: LabelVolume?
            for (mi, modality) in [Modality.t1ce, .flair].enumerated() {
                let scanner: ScannerProfile = row % 2 == 0 ? .siemensSkyra3 : .geSignaHDxt15
                let renderer = StudyRenderer(atlas: atlas, anatomy: anatomy, lesions: lesions, modality: modality,
                                             scanner: scanner, geometry: geometry,
                                             seed: seed &+ UInt64(row * 2 + mi))
                do {
                    let out = try renderer.render(parallel: false)
                    images.append(out.image)
                    truth = out.truth
                } catch {
                    throw .output(path: "figure", reason: "\(error)")
                }
            }
            for (col, image) in images.enumerated() {
                let grey = window(image.voxels)
                blit(grey, overlay: nil, into: &rgb, width: width, x0: col * panel, y0: row * panel, panel: panel)
            }
            if let truth, images.count == 2 {
                blit(window(images[1].voxels), overlay: truth.voxels, into: &rgb, width: width, x0: 2 * panel,
                     y0: row * panel, panel: panel)
            }
        }
        do { return try PNGEncoder.encode(width: width, height: height, channels: 3, pixels: rgb) } catch {
            throw .badArgument(error.description)
        }
    }

    /// Maps to 0…255 with the 99.95th percentile as white.
    static func window(_ v: [Int16]) -> [UInt8] {
        let sorted = v.sorted()
        let hi = Double(max(1, sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9995))]))
        return v.map { UInt8(max(0, min(255, Double($0) / hi * 255))) }
    }

    /// Copies a panel (radiological display: patient left on the image right, anterior up).
    static func blit(_ grey: [UInt8], overlay: [UInt8]?, into rgb: inout [UInt8], width: Int, x0: Int, y0: Int, panel: Int) {
        for y in 0..<panel {
            for x in 0..<panel {
                // LPS grid: i → patient left, j → posterior. Radiological view puts patient left
                // on the right and anterior at the top, so the grid is shown as stored.
                let src = x + panel * y
                var p = SIMD3<Double>(repeating: Double(grey[src]))
                if let overlay {
                    switch overlay[src] {
                    case 1: p = p * 0.4 + SIMD3(255, 40, 40) * 0.6
                    case 2: p = p * 0.4 + SIMD3(255, 220, 0) * 0.6
                    case 3: p = p * 0.55 + SIMD3(40, 200, 80) * 0.45
                    default: break
                    }
                }
                let dst = ((y0 + y) * width + x0 + x) * 3
                rgb[dst] = UInt8(max(0, min(255, p.x)))
                rgb[dst + 1] = UInt8(max(0, min(255, p.y)))
                rgb[dst + 2] = UInt8(max(0, min(255, p.z)))
            }
        }
    }
}

extension CohortFigure {
    /// Writes PNG bytes atomically.
    public static func write(_ png: Data, to path: String) throws(CohortError) {
        do { try AtomicFile.write(png, to: path) } catch { throw .output(path: path, reason: error.reason) }
    }
}
