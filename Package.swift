// swift-tools-version: 6.1
// MetOrigin: primary-site classification of brain metastases from whole-brain MRI.
//
// libtorch comes from the PyPI torch==2.11.0 wheel: `LIBTORCH` if set, else the `.libtorch`
// link that `make setup` creates. The C++ ABI flag is read from the wheel's CMake config rather
// than assumed, and the binary carries an rpath to libtorch's `lib/` so it runs without
// LD_LIBRARY_PATH.
import Foundation
import PackageDescription

let packageDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

/// Where libtorch lives (the wheel's `torch/` folder).
let libtorch: String = {
    if let fromEnv = ProcessInfo.processInfo.environment["LIBTORCH"], !fromEnv.isEmpty { return fromEnv }
    return packageDir + "/.libtorch"
}()

/// `-D_GLIBCXX_USE_CXX11_ABI=…` exactly as the wheel was built.
let cxxABIFlag: String = {
    let config = libtorch + "/share/cmake/Torch/TorchConfig.cmake"
    if let text = try? String(contentsOfFile: config, encoding: .utf8),
       let range = text.range(of: #"_GLIBCXX_USE_CXX11_ABI=[01]"#, options: .regularExpression) {
        return "-D" + String(text[range])
    }
    // No wheel yet (e.g. building only the pure-Swift modules): every torch>=2.7 wheel uses 1.
    return "-D_GLIBCXX_USE_CXX11_ABI=1"
}()

let torchLib = libtorch + "/lib"
let strictSwift: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "MetOrigin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "metorigin", targets: ["metorigin"]),
        .library(name: "Torch", targets: ["Torch"]),
        .library(name: "MedicalIO", targets: ["MedicalIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: engine
        .target(
            name: "CTorch",
            path: "Sources/CTorch",
            cxxSettings: [
                .unsafeFlags([
                    "-I\(libtorch)/include",
                    "-I\(libtorch)/include/torch/csrc/api/include",
                    cxxABIFlag, "-std=c++17", "-O2", "-fPIC", "-Wno-deprecated-declarations",
                ]),
            ],
            linkerSettings: [
                .unsafeFlags([
                    "-L\(torchLib)",
                    "-Xlinker", "-rpath", "-Xlinker", torchLib,
                    "-Xlinker", "-rpath", "-Xlinker", "$ORIGIN/../lib",
                ]),
                .linkedLibrary("torch_cpu"),
                .linkedLibrary("torch"),
                .linkedLibrary("c10"),
                .linkedLibrary("dl"),
                .linkedLibrary("stdc++"),
            ]
        ),
        .target(name: "Torch", dependencies: ["CTorch"], swiftSettings: strictSwift),

        // MARK: statistics and the shared vocabulary (pure Swift, no dependencies)
        .target(name: "Statistics", swiftSettings: strictSwift),
        .target(name: "Vocabulary", swiftSettings: strictSwift),

        // MARK: medical I/O (pure Swift plus Debian's C codecs)
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG"),
        .systemLibrary(name: "COpenJPEG", path: "Sources/COpenJPEG"),
        .target(name: "MedicalIO", dependencies: ["Statistics", "CZlib", "CJPEG", "COpenJPEG"], swiftSettings: strictSwift),

        // MARK: cohort, models, training, evaluation
        .target(name: "Cohort", dependencies: ["Statistics", "Vocabulary", "MedicalIO", "CZlib"], swiftSettings: strictSwift),
        .target(name: "Models", dependencies: ["Vocabulary", "Torch"], swiftSettings: strictSwift),
        .target(name: "Training", dependencies: ["Statistics", "Vocabulary", "Torch", "MedicalIO", "Models"], swiftSettings: strictSwift),
        .target(name: "Evaluation", dependencies: ["Statistics", "Vocabulary", "MedicalIO"], swiftSettings: strictSwift),
        .target(name: "Radiomics", dependencies: ["Statistics", "MedicalIO"], swiftSettings: strictSwift),
        .target(name: "Pipeline", dependencies: ["Statistics", "Vocabulary", "Torch", "MedicalIO", "Cohort", "Models", "Training", "Evaluation",
                                                 "Radiomics", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strictSwift),

        // MARK: command line
        .executableTarget(
            name: "metorigin",
            dependencies: [
                "Vocabulary", "Torch", "MedicalIO", "Cohort", "Models", "Training", "Evaluation", "Pipeline", "Radiomics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: tests
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], swiftSettings: strictSwift),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary"], swiftSettings: strictSwift),
        .testTarget(name: "TorchTests", dependencies: ["Torch"], resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        .testTarget(name: "MedicalIOTests", dependencies: ["MedicalIO", "Statistics"], resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        .testTarget(name: "CohortTests", dependencies: ["Cohort", "MedicalIO", "Statistics", "Vocabulary"], swiftSettings: strictSwift),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Torch", "Vocabulary"], resources: [.copy("Fixtures")],
                    swiftSettings: strictSwift),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Models", "Torch", "MedicalIO", "Statistics", "Vocabulary"], swiftSettings: strictSwift),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Cohort", "Training", "Models", "Evaluation", "MedicalIO", "Statistics", "Vocabulary",
                                                        "Radiomics",
                                                        .product(name: "Crypto", package: "swift-crypto")],
                    swiftSettings: strictSwift),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "MedicalIO", "Statistics", "Vocabulary"], resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        // The command line's argument parsing (no work is run).
        .testTarget(name: "CommandLineTests", dependencies: ["metorigin", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    swiftSettings: strictSwift),
        .testTarget(name: "RadiomicsTests", dependencies: ["Radiomics", "MedicalIO"], resources: [.copy("Fixtures")],
                    swiftSettings: strictSwift),
    ],
    cxxLanguageStandard: .cxx17
)
