import Dispatch
import Foundation
import MedicalIO
import Statistics
import Vocabulary

/// What `metorigin cohort generate` asks for.
public struct CohortOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable { case nifti, dicom }
    public var patients: Int
    public var seed: UInt64
    public var output: String
    public var format: Format = .nifti
    public var resolution: CohortResolution = .demo
    public var mix: ModalityMix = .paper
    public var force = false
    /// Worker threads (studies rendered at once); 0 = one per core.
    public var threads = 0
    /// A control cohort without metastases (see `CohortPlan.init`), for measuring how much a
    /// segmentation network marks where there is nothing to mark.
    public var lesionFree = false
    /// What a contoured FLAIR study's contour outlines (T1 CE contours are always labels 1–2).
    public var flairContour: FLAIRContour = .tumour

    public init(patients: Int, seed: UInt64, output: String) {
        self.patients = patients
        self.seed = seed
        self.output = output
    }
}

/// Timings and counts of one `generate` run.
public struct GenerationReport: Sendable {
    public var studies = 0
    public var patients = 0
    public var voxels = 0
    public var atlasSeconds = 0.0
    public var planSeconds = 0.0
    /// Wall seconds of rendering and writing, summed over studies (threads overlap).
    public var renderSeconds = 0.0
    public var writeSeconds = 0.0
    /// CPU seconds of the writing threads themselves, summed over studies (exact when studies
    /// are rendered one per thread; slice-parallel rendering also runs on helper threads).
    public var renderThreadCPU = 0.0
    public var writeThreadCPU = 0.0
    public var totalSeconds = 0.0
    /// Process CPU time (user + system) spent in `generate`: the honest measure on a busy
    /// machine, where wall time depends on what else runs.
    public var cpuSeconds = 0.0
}

/// User + system CPU seconds of the whole process so far.
func processCPUSeconds() -> Double { cpuSeconds(RUSAGE_SELF.rawValue) }

/// User + system CPU seconds of the calling thread so far.
func threadCPUSeconds() -> Double { cpuSeconds(1) }  // RUSAGE_THREAD (Linux)

private func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(who, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Generates a synthetic cohort on disk: plans it, draws each patient's anatomy and lesions,
/// renders every study on its own acquisition grid and writes images, truth, contours and the
/// manifest.
public enum CohortGenerator {
    /// Checks arguments and the output folder; throws before any work is done.
    public static func validate(_ options: CohortOptions) throws(CohortError) -> CohortPlan {
        let plan = try CohortPlan(patients: options.patients, seed: options.seed, mix: options.mix,
                                  lesionFree: options.lesionFree)
        try OutputFolder.prepare(options.output, force: options.force)
        return plan
    }

    /// Runs the whole generation. `atlas` is the reference head (`AtlasStore.load` or
    /// `TissueAtlas.phantom()`); `log` receives progress lines.
    public static func generate(_ options: CohortOptions, atlas: TissueAtlas,
                                log: @Sendable (String) -> Void = { _ in },
                                progress: (@Sendable (Int, Int) -> Void)? = nil) throws(CohortError) -> GenerationReport {
        let start = Date()
        let cpuStart = processCPUSeconds()
        let plan = try validate(options)
        var report = GenerationReport()
        report.patients = plan.patients
        // Lesions and anatomy per patient: cheap, serial, in patient order.
        let t0 = Date()
        let (anatomies, sessionLesions) = drawPatients(plan, seed: options.seed, atlas: atlas)
        report.planSeconds = Date().timeIntervalSince(t0)
        let layout = StudyLayout(root: options.output, format: options.format, flairContour: options.flairContour)
        let jobs = plan.studies.enumerated().map { (index, study) in
            StudyJob(index: index, study: study, anatomy: anatomies[study.patientIndex]!,
                     lesions: study.lesionFree ? [] : sessionLesions[study.studyID] ?? [])
        }
        let results = ResultBox(count: jobs.count)
        let threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        // Many studies: one study per thread. Few studies (paper-resolution DICOM timing):
        // parallelise slices within a study instead.
        let acrossStudies = jobs.count >= 2 * threads
        let queue = WorkQueue(count: jobs.count)
        let workers = acrossStudies ? threads : 1
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = queue.next() {
                let job = jobs[i]
                do throws(CohortError) {
                    let outcome = try render(job, options: options, atlas: atlas, layout: layout,
                                             parallel: !acrossStudies)
                    let done = results.set(i, .success(outcome))
                    progress?(done, jobs.count)
                    log("  \(job.study.studyID) \(job.study.modality.rawValue): \(outcome.row.label), "
                        + "\(outcome.lesionCount) lesions, \(outcome.voxels) voxels, "
                        + String(format: "%.2f s render, %.2f s write", outcome.renderSeconds, outcome.writeSeconds))
                } catch {
                    results.set(i, .failure(error))
                    queue.cancel()
                }
            }
        }
        var rows: [CohortManifestRow] = []
        for i in jobs.indices {
            switch results.get(i) {
            case .success(let o):
                rows.append(o.row)
                report.voxels += o.voxels
                report.renderSeconds += o.renderSeconds
                report.writeSeconds += o.writeSeconds
                report.renderThreadCPU += o.renderCPU
                report.writeThreadCPU += o.writeCPU
            case .failure(let e): throw e
            case nil: throw .output(path: options.output, reason: "study \(jobs[i].study.studyID) was not generated")
            }
        }
        try CohortManifest.write(rows: rows, lesions: jobs.map { ($0.study, $0.lesions) }, root: options.output,
                                 options: options, atlas: atlas)
        report.studies = rows.count
        report.totalSeconds = Date().timeIntervalSince(start)
        report.cpuSeconds = processCPUSeconds() - cpuStart
        return report
    }

    /// Each patient's anatomy and each session's lesions, from the patient's own streams.
    static func drawPatients(_ plan: CohortPlan, seed: UInt64, atlas: TissueAtlas)
        -> (anatomies: [Int: PatientAnatomy], lesions: [String: [Lesion]]) {
        let sampler = LesionSampler(atlas: atlas)
        var anatomies: [Int: PatientAnatomy] = [:]
        var sessionLesions: [String: [Lesion]] = [:]
        for study in plan.studies where sessionLesions[study.studyID] == nil {
            var random = SplitMix64(seed: seed, stream: 0xA7, UInt64(study.patientIndex))
            let anatomy = anatomies[study.patientIndex] ?? PatientAnatomy(atlas: atlas, random: &random)
            anatomies[study.patientIndex] = anatomy
            var lesionRandom = SplitMix64(seed: seed, stream: 0x1E5, UInt64(study.patientIndex))
            let factors = LesionSampler.PatientFactors(random: &lesionRandom)
            let first = sampler.lesions(for: study.label, factors: factors, random: &lesionRandom)
            if study.session == 1 {
                sessionLesions[study.studyID] = first
            } else {
                var followRandom = SplitMix64(seed: seed, stream: 0xF011, UInt64(study.patientIndex))
                sessionLesions[study.studyID] = sampler.followUp(of: first, label: study.label, factors: factors,
                                                                 random: &followRandom)
            }
        }
        return (anatomies, sessionLesions)
    }

    /// Latent features of every session of a planned cohort, without rendering anything: the
    /// oracle on thousands of patients in seconds.
    public static func latentSample(patients: Int, seed: UInt64, mix: ModalityMix, atlas: TissueAtlas)
        throws(CohortError) -> (features: [[Double]], labels: [Int], patients: [String], acquired: [Set<Modality>]) {
        let plan = try CohortPlan(patients: patients, seed: seed, mix: mix)
        let (_, lesions) = drawPatients(plan, seed: seed, atlas: atlas)
        var row: [String: Int] = [:]
        var x: [[Double]] = [], y: [Int] = [], g: [String] = [], acquired: [Set<Modality>] = []
        for s in plan.studies {
            if let i = row[s.studyID] { acquired[i].insert(s.modality); continue }
            row[s.studyID] = x.count
            x.append(LatentFeatures(lesions: lesions[s.studyID] ?? []).values)
            y.append(s.label.index)
            g.append(s.patientID)
            acquired.append([s.modality])
        }
        return (x, y, g, acquired)
    }

    struct StudyJob: Sendable {
        var index: Int
        var study: PlannedStudy
        var anatomy: PatientAnatomy
        var lesions: [Lesion]
    }

    struct Outcome: Sendable {
        var row: CohortManifestRow
        var lesionCount: Int
        var voxels: Int
        var renderSeconds: Double
        var writeSeconds: Double
        var renderCPU: Double
        var writeCPU: Double
    }

    /// Renders one study in memory (used by `generate` and by the figure).
    static func renderStudy(_ job: StudyJob, options: CohortOptions, atlas: TissueAtlas,
                            parallel: Bool) throws(CohortError) -> (StudyRenderer.Output, Double) {
        let t0 = Date()
        var random = SplitMix64(seed: options.seed, stream: 0x57D, UInt64(job.study.patientIndex), UInt64(job.study.session),
                                  UInt64(job.study.modality == .t1ce ? 1 : 2))
        let geometry = Acquisition.geometry(modality: job.study.modality, scanner: job.study.scanner,
                                            resolution: options.resolution, anatomy: job.anatomy, atlas: atlas,
                                            random: &random)
        let renderer = StudyRenderer(atlas: atlas, anatomy: job.anatomy, lesions: job.lesions,
                                     modality: job.study.modality, scanner: job.study.scanner, geometry: geometry,
                                     seed: random.next())
        do {
            let out = try renderer.render(parallel: parallel)
            return (out, Date().timeIntervalSince(t0))
        } catch {
            throw .output(path: job.study.studyID, reason: "\(error)")
        }
    }

    private static func render(_ job: StudyJob, options: CohortOptions, atlas: TissueAtlas, layout: StudyLayout,
                               parallel: Bool) throws(CohortError) -> Outcome {
        let c0 = threadCPUSeconds()
        let (out, renderSeconds) = try renderStudy(job, options: options, atlas: atlas, parallel: parallel)
        let c1 = threadCPUSeconds()
        let t1 = Date()
        let row = try layout.write(job.study, image: out.image, truth: out.truth, seed: options.seed)
        return Outcome(row: row, lesionCount: job.lesions.count, voxels: out.image.voxels.count,
                       renderSeconds: renderSeconds, writeSeconds: Date().timeIntervalSince(t1),
                       renderCPU: c1 - c0, writeCPU: threadCPUSeconds() - c1)
    }
}

/// Hands out job indices to worker threads; stops handing out after a failure.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var cancelled = false
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !cancelled, nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
    func cancel() { lock.lock(); cancelled = true; lock.unlock() }
}

/// Per-job results filled in by worker threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<CohortGenerator.Outcome, CohortError>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    private var filled = 0
    /// Stores job `i`'s result; returns how many jobs have one.
    @discardableResult
    func set(_ i: Int, _ r: Result<CohortGenerator.Outcome, CohortError>) -> Int {
        lock.lock(); defer { lock.unlock() }
        if results[i] == nil { filled += 1 }
        results[i] = r
        return filled
    }
    func get(_ i: Int) -> Result<CohortGenerator.Outcome, CohortError>? { lock.lock(); defer { lock.unlock() }; return results[i] }
}
