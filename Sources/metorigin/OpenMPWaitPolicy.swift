#if canImport(Glibc)
import Glibc
#endif

/// Makes libtorch's OpenMP threads sleep rather than spin while they wait for work.
///
/// libgomp (the OpenMP runtime of the PyTorch wheel) spins at every barrier by default. When the
/// CPU is shared — other processes, or a two-core CI machine running a build beside us — a thread
/// spins for its whole time slice waiting for a partner that is not scheduled, and small-tensor
/// work collapses: one demo CycleGAN epoch (25 steps, load average ≈ 10 on two cores) took 16.5 s
/// with `OMP_WAIT_POLICY=PASSIVE`, 47.8 s on one thread and more than 260 s with the default
/// (docs/benchmarks.md). libgomp reads the policy once, when it is loaded — before `main` — so the
/// only way to set it for this process is to put it in the environment and execute ourselves
/// again. A policy the user has set (`OMP_WAIT_POLICY=ACTIVE`, say) is left alone. Child
/// processes (benchmark workers, the PyTorch reference scripts) inherit the same policy, so
/// side-by-side comparisons stay like for like.
enum OpenMPWaitPolicy {
    static let variable = "OMP_WAIT_POLICY"

    /// Re-executes this process with `OMP_WAIT_POLICY=PASSIVE` unless the variable is set.
    /// Returns only when nothing was done or the re-execution failed (then the run continues
    /// with libgomp's default policy).
    static func ensureSet() {
        guard getenv(variable) == nil else { return }
        setenv(variable, "PASSIVE", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: keep going; the variable now set means children
        // (and a retry) get the passive policy and we do not loop.
    }
}
