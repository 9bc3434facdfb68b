import Dispatch
import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// Everything needed to render one study, and the renderer itself.
///
/// Rendering happens directly on the output grid: each output voxel is mapped through the
/// composed transform (index → world → patient affine → elastic field → atlas), the atlas is
/// sampled trilinearly there, lesions are evaluated analytically at that point, then bias and
/// Rician noise are applied. Nothing is rendered at 1 mm and resampled.
struct StudyRenderer {
    let atlas: TissueAtlas
    let anatomy: PatientAnatomy
    let lesions: [Lesion]
    let modality: Modality
    let scanner: ScannerProfile
    let geometry: ImageGeometry
    /// Seeds the bias field, the gain and the noise of this acquisition.
    let seed: UInt64

    struct Output {
        var image: Volume<Int16>
        var truth: LabelVolume
    }

    func render(parallel: Bool) throws(VolumeError) -> Output {
        var random = SplitMix64(seed: seed, stream: 1)
        let bias = BiasField(amplitude: scanner.biasAmplitude, fieldStrength: scanner.fieldStrength, random: &random)
        let gain = Float(scanner.intensityScale(modality) * random.logNormal(median: 1, sigma: 0.08))
        let sigma = gain / Float(scanner.snr(modality))
        let fields = SmoothFieldGrid(atlas: atlas, anatomy: anatomy, bias: bias)
        let a = anatomy.linear * geometry.indexToWorldMatrix
        let b = anatomy.linear * geometry.origin + anatomy.offset
        let prepared = lesions.map { PreparedLesion($0, indexToAtlas: a, atlasOffset: b, spacing: geometry.spacing) }
        let size = geometry.size
        guard let count = size.checkedCount else { throw .invalidSize(size) }
        var image = [Int16](repeating: 0, count: count)
        var truth = [UInt8](repeating: 0, count: count)
        let kernel = VoxelKernel(atlas: atlas, fields: fields, lesions: prepared, modality: modality,
                                 contrast: Float(scanner.contrast(modality)),
                                 enhancementGain: Float(scanner.enhancementGain), gain: gain, sigma: sigma,
                                 a: a, b: b, size: size, seed: seed)
        image.withUnsafeMutableBufferPointer { img in
            truth.withUnsafeMutableBufferPointer { lab in
                // Each slice writes only its own voxels, so sharing the pointers is race-free.
                let out = DisjointOutput(image: img.baseAddress!, truth: lab.baseAddress!)
                if parallel {
                    DispatchQueue.concurrentPerform(iterations: size.z) { k in
                        kernel.renderSlice(k, image: out.image, truth: out.truth)
                    }
                } else {
                    for k in 0..<size.z { kernel.renderSlice(k, image: out.image, truth: out.truth) }
                }
            }
        }
        return Output(image: try Volume(geometry: geometry, voxels: image),
                      truth: try Volume(geometry: geometry, voxels: truth))
    }
}

/// Output buffers written by several threads at disjoint slices.
private struct DisjointOutput: @unchecked Sendable {
    let image: UnsafeMutablePointer<Int16>
    let truth: UnsafeMutablePointer<UInt8>
}

/// The per-voxel work, free of Swift arrays in its hot loop.
private struct VoxelKernel: @unchecked Sendable {
    let atlas: TissueAtlas
    let fields: SmoothFieldGrid
    let lesions: [PreparedLesion]
    let modality: Modality
    let contrast: Float
    let enhancementGain: Float
    let gain: Float
    let sigma: Float
    let a: Matrix3
    let b: Point3
    let size: GridSize
    let seed: UInt64

    func renderSlice(_ k: Int, image: UnsafeMutablePointer<Int16>, truth: UnsafeMutablePointer<UInt8>) {
        // Noise stream per slice: the result does not depend on which thread renders which slice.
        var random = SplitMix64(seed: seed, stream: 2, UInt64(k))
        let sliceLesions = lesions.filter { $0.lower.z <= k && k <= $0.upper.z }
        let nx = size.x, ny = size.y
        let step = a.column(0)
        let noise = NormalTable.values
        var bits: UInt64 = 0
        var bitsLeft = 0
        for j in 0..<ny {
            let rowLesions = sliceLesions.filter { $0.lower.y <= j && j <= $0.upper.y }
            let rowStart = a * Point3(0, Double(j), Double(k)) + b
            let offset = nx * (j + ny * k)
            for i in 0..<nx {
                let m0 = rowStart + step * Double(i)
                let f = fields.sample(m0)
                let m = Point3(m0.x + Double(f.x), m0.y + Double(f.y), m0.z + Double(f.z))
                let c = atlas.sample(m)
                let brain = c[5] * (1 / 255)
                var value = tissue(c, brain: brain)
                var label: UInt8 = 0
                if !rowLesions.isEmpty {
                    (value, label) = applyLesions(rowLesions, i: i, at: m, tissue: c, base: value, brain: brain)
                }
                let signal = value * f.w * gain
                if bitsLeft == 0 { bits = random.next(); bitsLeft = 2 }
                let n1 = noise[Int(bits & 0xFFFF)] * sigma
                let n2 = noise[Int((bits >> 16) & 0xFFFF)] * sigma
                bits >>= 32
                bitsLeft -= 1
                let re = signal + n1
                let rician = (re * re + n2 * n2).squareRoot()
                image[offset + i] = Int16(min(32000, rician.rounded()))
                truth[offset + i] = label
            }
        }
    }

    /// Healthy-tissue signal relative to white matter (T1 CE) or grey matter (FLAIR).
    @inline(__always)
    func tissue(_ c: SIMD8<Float>, brain: Float) -> Float {
        switch modality {
        case .t1ce:
            let brainSignal = 1 + contrast * (c[0] * (1 / 220) - 1)
            return brain * brainSignal + (1 - brain) * c[4] * (1 / 128)
        case .flair:
            let sum = max(c[1] + c[2] + c[3], 1)
            let wmLevel = 1 - 0.22 * contrast
            let brainSignal = (c[1] + c[2] * wmLevel + c[3] * 0.08) / sum
            return brain * brainSignal + (1 - brain) * c[4] * (0.75 / 128)
        }
    }

    @inline(__always)
    func applyLesions(_ row: [PreparedLesion], i: Int, at m: Point3, tissue c: SIMD8<Float>, base: Float,
                      brain: Float) -> (Float, UInt8) {
        let p = SIMD3<Float>(Float(m.x), Float(m.y), Float(m.z))
        var oedema: Float = 0
        var tumour: Float = 0
        var lesionSignal: Float = 0
        var label: UInt8 = 0
        var inOedema = false
        // Oedema spreads along white-matter tracts and spares the cortex: gate it by WM share.
        let wmShare = c[2] / max(c[1] + c[2] + c[3], 1)
        let gate = (0.15 + 0.85 * wmShare) * max(0, min(1, (brain - 0.3) * 2.5))
        for l in row where l.lower.x <= i && i <= l.upper.x {
            guard let e = l.effect(at: p) else { continue }
            oedema = max(oedema, e.oedema * gate)
            if e.inOedema, e.oedema * gate > 0.5 { inOedema = true }
            if e.label > label { label = e.label }
            if e.tumour > tumour {
                tumour = e.tumour
                lesionSignal = signal(of: l, effect: e)
            }
        }
        // Tumour stays inside the brain.
        tumour *= max(0, min(1, (brain - 0.2) * 2))
        if brain < 0.5 { label = 0 }
        if label == 0, inOedema, brain >= 0.5 { label = 3 }
        let withOedema: Float
        switch modality {
        case .t1ce: withOedema = base * (1 - 0.12 * oedema)
        case .flair: withOedema = base + (1.55 - base) * oedema
        }
        return (withOedema + (lesionSignal - withOedema) * tumour, label)
    }

    @inline(__always)
    func signal(of l: PreparedLesion, effect e: PreparedLesion.Effect) -> Float {
        switch modality {
        case .t1ce:
            let rim = 1 + 0.5 * l.enhancement * enhancementGain * (1 + 0.9 * l.heterogeneity * e.texture)
            let core: Float = l.cystic ? 0.2 : 0.45 + 0.12 * e.texture
            return rim + (core - rim) * e.coreWeight + l.haemorrhage * 0.6 * e.patch
        case .flair:
            let rim = 1.1 + 0.07 * e.texture
            let core: Float = l.cystic ? 0.3 : 1.3 + 0.1 * e.texture
            return max(0.1, rim + (core - rim) * e.coreWeight - l.haemorrhage * 0.45 * e.patch)
        }
    }
}

/// 65 536 standard-normal quantiles: a table lookup per noise sample instead of a logarithm and
/// a cosine, which matters at ten million voxels per study.
enum NormalTable {
    static let values: [Float] = (0..<65_536).map { i in Float(Normal.acklamQuantile((Double(i) + 0.5) / 65_536)) }
}
