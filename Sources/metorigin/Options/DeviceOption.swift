import ArgumentParser
import Torch

/// "cpu", "cuda" or "cuda:N" on the command line: the one device parser, Torch's.
extension Device: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// `--device`: where a training or inference command runs; by default the first GPU when
/// CUDA is available, else the CPU.
struct DeviceOption: ParsableArguments {
    @Option(help: "cpu, cuda or cuda:N (default: cuda when available, else cpu).")
    var device: Device?

    /// The device asked for, or the default one.
    var resolved: Device { device ?? Torch.defaultDevice }
}
