/// How one modality reached the classifier: acquired, synthesised by modality transfer, or absent
/// (recorded explicitly with every prediction, never silently zero-filled). The raw values are
/// the predictions table's `t1ce_state` and `flair_state` fields.
public enum InputState: String, CaseIterable, Sendable, Codable, Hashable {
    case real, synthetic, missing
}
