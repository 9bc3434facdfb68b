import Models
import Training

/// A segmentation job that starts from a named preset whose network, grid and training
/// settings a `--config` file may override.
public protocol SegmentationPresetConfigurable {
    var preset: String { get }
    var network: SegmentationNetworkConfig? { get set }
    var grid: SegmentationGrid? { get set }
    var options: SegmentationTrainingOptions? { get set }
}

extension SegmentationPresetConfigurable {
    /// Merges the sections of the `--config` file at `path` into the preset's settings; the
    /// settings of a section the file lacks stay the preset's.
    public mutating func applyConfig(_ path: String) throws(PresetOverrideError) {
        let file = try PresetOverrides(path: path, sections: SegmentationPresetOverrides.sections)
        let merged = try SegmentationPresetOverrides(preset: preset, file: file)
        (network, grid, options) = (merged.network, merged.grid, merged.options)
    }
}

extension SegmentationTrainingRequest: SegmentationPresetConfigurable {}
extension SegmentationBenchRequest: SegmentationPresetConfigurable {}
