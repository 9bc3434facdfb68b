/// A coded concept of the DICOM Code Sequence Macro (PS3.3 §8.8): code value, coding scheme
/// designator and code meaning, as the Segmentation IOD uses to say what a segment is.
public struct CodedConcept: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    /// `SCT` for SNOMED CT (the retired `SRT` designator is not written), `DCM` for DICOM's own.
    public var scheme: String
    public var meaning: String

    public init(value: String, scheme: String, meaning: String) {
        self.value = value
        self.scheme = scheme
        self.meaning = meaning
    }

    /// SNOMED CT 49755003, the segmented property category of lesions (CID 7150).
    public static let morphologicallyAbnormalStructure = CodedConcept(value: "49755003", scheme: "SCT", meaning: "Morphologically Abnormal Structure")
    /// SNOMED CT 14799000, the segmented property type of a metastasis (CID 7151 family).
    public static let metastaticNeoplasm = CodedConcept(value: "14799000", scheme: "SCT", meaning: "Neoplasm, Metastatic")
    /// SNOMED CT 79654002, the FLAIR-hyperintense oedema around a lesion.
    public static let edema = CodedConcept(value: "79654002", scheme: "SCT", meaning: "Edema")
    /// DICOM 121322: the purpose of a reference to the image a segmentation was derived from.
    static let sourceImageForProcessing = CodedConcept(value: "121322", scheme: "DCM", meaning: "Source image for image processing operation")
    /// DICOM 113076: the derivation "Segmentation".
    static let segmentationDerivation = CodedConcept(value: "113076", scheme: "DCM", meaning: "Segmentation")

    /// One Code Sequence item.
    public var item: DicomDataSet {
        var ds = DicomDataSet()
        ds.set(.codeValue, .SH, value)
        ds.set(.codingSchemeDesignator, .SH, scheme)
        ds.set(.codeMeaning, .LO, meaning)
        return ds
    }

    /// The concept in the first item of `sequence` in `ds`; nil when absent or incomplete.
    public init?(in ds: DicomDataSet, _ sequence: DicomTag) {
        guard let item = ds.sequence(sequence)?.first, let value = item.string(.codeValue),
              let scheme = item.string(.codingSchemeDesignator) else { return nil }
        self.init(value: value, scheme: scheme, meaning: item.string(.codeMeaning) ?? "")
    }

    public var description: String { "(\(value), \(scheme), \"\(meaning)\")" }
}
