import ArgumentParser
import Foundation
import Torch

/// `metorigin doctor`: what this machine gives MetOrigin — versions, threads, CPU, GPU.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print Swift, libtorch and CUDA/cuDNN versions, threads, CPU capability and GPUs."
    )

    @OptionGroup var json: JSONOption

    func run() throws {
        let report = EngineReport.current()
        if json.json { try json.print(report) } else { print(report.text) }
    }
}

/// The facts `doctor` prints, gathered from the engine.
struct EngineReport: Codable {
    var swift: String
    var libtorch: String
    var libtorchPath: String?
    var cudaLibrary: String
    var cudaAvailable: Bool
    var cudaVersion: String?
    var cudnnVersion: Int?
    var gpus: [String]
    var threads: Int
    /// How libgomp's threads wait in this process (see `OpenMPWaitPolicy`).
    var openMPWaitPolicy: String
    var cores: Int
    var cpuCapability: String
    var device: String

    static func current() -> EngineReport {
        let (_, cudaMessage) = Torch.loadCUDA()
        let available = Torch.cudaIsAvailable
        let gpus = available ? (0..<Torch.cudaDeviceCount).map { i in
            "cuda:\(i) " + (Torch.cudaDeviceName(i) ?? "(name unavailable)")
        } : []
        return EngineReport(
            swift: swiftVersion,
            libtorch: Torch.version,
            libtorchPath: libtorchLocation(),
            cudaLibrary: cudaMessage,
            cudaAvailable: available,
            cudaVersion: available ? Torch.cudaVersion : nil,
            cudnnVersion: available ? Torch.cudnnVersion : nil,
            gpus: gpus,
            threads: Torch.threads,
            openMPWaitPolicy: OpenMPWaitPolicy.description,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuCapability: Torch.cpuCapability,
            device: Torch.defaultDevice.description
        )
    }

    var text: String {
        var lines = [
            "MetOrigin doctor",
            "  Swift           \(swift)",
            "  libtorch        \(libtorch)\(libtorchPath.map { " (\($0))" } ?? "")",
            "  CPU capability  \(cpuCapability)",
            "  threads         \(threads) of \(cores) cores",
            "  OpenMP waiting  \(openMPWaitPolicy)",
            "  CUDA library    \(cudaLibrary)",
            "  CUDA available  \(cudaAvailable ? "yes" : "no")",
        ]
        if cudaAvailable {
            lines.append("  CUDA runtime    \(cudaVersion ?? "unknown")")
            lines.append("  cuDNN           \(cudnnVersion.map(String.init) ?? "unavailable")")
            for g in gpus { lines.append("  GPU             \(g)") }
        }
        lines.append("  default device  \(device)")
        return lines.joined(separator: "\n")
    }

    /// The compiler that built this binary.
    static var swiftVersion: String {
        #if compiler(>=6.3)
        return "6.3 or later (language mode 6)"
        #else
        return "before 6.3"
        #endif
    }

    /// The folder libtorch_cpu.so was loaded from, read from the process's memory map.
    static func libtorchLocation() -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") where line.hasSuffix("libtorch_cpu.so") {
            if let path = line.split(separator: " ", omittingEmptySubsequences: true).last {
                return URL(fileURLWithPath: String(path)).deletingLastPathComponent().path
            }
        }
        return nil
    }
}
