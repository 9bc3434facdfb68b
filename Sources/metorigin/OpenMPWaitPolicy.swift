#if canImport(Glibc)
import Glibc
#endif

/// Bounds how long libtorch's OpenMP threads spin before they sleep while waiting for work.
///
/// libgomp (the OpenMP runtime of the PyTorch wheel) spins about 300,000 times at every barrier
/// by default. When the CPU is shared — other processes, or a two-core CI machine running a build
/// beside us — a thread spins through its time slice waiting for a partner that is not scheduled,
/// and small-tensor work collapses; sleeping at once (`OMP_WAIT_POLICY=PASSIVE`) costs a wake-up
/// per parallel region instead, which halves dispatch-bound throughput on an idle machine. A
/// short spin keeps most of both (docs/benchmarks.md, one demo CycleGAN epoch beside two busy
/// processes: 37.2 s at the default, 14.0 s passive, 12.1 s with 1,000 spins; on an idle machine
/// the 3D CNN step is as fast as with the default). libgomp reads these variables once, when it
/// is loaded — before `main` — so the only way to set them for this process is to put them in the
/// environment and execute ourselves again. That loads libtorch twice: `metorigin --help` takes
/// about 1.0 s instead of 0.55 s on the 2-core machine, a fixed cost small beside any engine work;
/// exporting `GOMP_SPINCOUNT` beforehand avoids it. A setting of the user's (`OMP_WAIT_POLICY` or
/// `GOMP_SPINCOUNT`) is left alone. Child processes (benchmark workers, the PyTorch reference
/// scripts) inherit the same setting, so side-by-side comparisons stay like for like.
enum OpenMPWaitPolicy {
    static let policyVariable = "OMP_WAIT_POLICY"
    static let spinVariable = "GOMP_SPINCOUNT"
    static let spinCount = "1000"

    /// Re-executes this process with `GOMP_SPINCOUNT=1000` unless the user has set the wait
    /// policy or the spin count. Returns only when nothing was done or the re-execution failed
    /// (then the run continues with libgomp's default).
    static func ensureSet() {
        guard getenv(policyVariable) == nil, getenv(spinVariable) == nil else { return }
        setenv(spinVariable, spinCount, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: keep going; the variable now set means children
        // (and a retry) get the bounded spin and we do not loop.
    }

    /// How libgomp waits in this process, for `doctor`.
    static var description: String {
        let policy = getenv(policyVariable).map { String(cString: $0) }
        let spins = getenv(spinVariable).map { String(cString: $0) }
        switch (policy, spins) {
        case (nil, nil): return "libgomp default (spin ~300,000 times, then sleep)"
        case (let p?, nil): return "\(policyVariable)=\(p)"
        case (nil, let s?): return "spin \(s) times, then sleep (\(spinVariable)=\(s))"
        case (let p?, let s?): return "\(policyVariable)=\(p), \(spinVariable)=\(s)"
        }
    }
}
