/// The part of the DICOM data dictionary (PS3.6) that MetOrigin reads or writes: VR and keyword
/// per tag. Implicit VR files carry no VRs, so anything that must be interpreted (numbers,
/// sequences) has to be listed here; unknown tags are kept as raw `UN` bytes.
public enum DicomDictionary {
    /// One dictionary row.
    public struct Entry: Sendable {
        public let tag: DicomTag
        public let vr: VR
        public let keyword: String
    }

    /// The VR the standard assigns to `tag`, with the rules for group lengths and private creators.
    public static func vr(for tag: DicomTag) -> VR? {
        if let e = byTag[tag] { return e.vr }
        if tag.isGroupLength { return .UL }
        if tag.isPrivateCreator { return .LO }
        // Repeating groups 60xx (overlays) and 50xx (curves) are not interpreted here.
        return nil
    }

    /// The keyword (e.g. `"PatientName"`) of a known tag.
    public static func keyword(for tag: DicomTag) -> String? { byTag[tag]?.keyword }

    /// The tag with a given keyword.
    public static func tag(forKeyword keyword: String) -> DicomTag? { byKeyword[keyword] }

    /// Every entry, ascending by tag.
    public static let entries: [Entry] = table.map { Entry(tag: DicomTag(combined: $0.0), vr: $0.1, keyword: $0.2) }

    private static let byTag: [DicomTag: Entry] = Dictionary(entries.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
    private static let byKeyword: [String: DicomTag] = Dictionary(entries.map { ($0.keyword, $0.tag) }, uniquingKeysWith: { a, _ in a })

    private static let table: [(UInt32, VR, String)] = [
        (0x00020000, .UL, "FileMetaInformationGroupLength"),
        (0x00020001, .OB, "FileMetaInformationVersion"),
        (0x00020002, .UI, "MediaStorageSOPClassUID"),
        (0x00020003, .UI, "MediaStorageSOPInstanceUID"),
        (0x00020010, .UI, "TransferSyntaxUID"),
        (0x00020012, .UI, "ImplementationClassUID"),
        (0x00020013, .SH, "ImplementationVersionName"),
        (0x00020016, .AE, "SourceApplicationEntityTitle"),
        (0x00080005, .CS, "SpecificCharacterSet"),
        (0x00080008, .CS, "ImageType"),
        (0x00080012, .DA, "InstanceCreationDate"),
        (0x00080013, .TM, "InstanceCreationTime"),
        (0x00080016, .UI, "SOPClassUID"),
        (0x00080018, .UI, "SOPInstanceUID"),
        (0x00080020, .DA, "StudyDate"),
        (0x00080021, .DA, "SeriesDate"),
        (0x00080022, .DA, "AcquisitionDate"),
        (0x00080023, .DA, "ContentDate"),
        (0x00080030, .TM, "StudyTime"),
        (0x00080031, .TM, "SeriesTime"),
        (0x00080032, .TM, "AcquisitionTime"),
        (0x00080033, .TM, "ContentTime"),
        (0x00080050, .SH, "AccessionNumber"),
        (0x00080060, .CS, "Modality"),
        (0x00080070, .LO, "Manufacturer"),
        (0x00080080, .LO, "InstitutionName"),
        (0x00080090, .PN, "ReferringPhysicianName"),
        (0x00080100, .SH, "CodeValue"),
        (0x00080102, .SH, "CodingSchemeDesignator"),
        (0x00080104, .LO, "CodeMeaning"),
        (0x00081010, .SH, "StationName"),
        (0x00081030, .LO, "StudyDescription"),
        (0x0008103E, .LO, "SeriesDescription"),
        (0x00081070, .PN, "OperatorsName"),
        (0x00081090, .LO, "ManufacturerModelName"),
        (0x00081110, .SQ, "ReferencedStudySequence"),
        (0x00081115, .SQ, "ReferencedSeriesSequence"),
        (0x00081140, .SQ, "ReferencedImageSequence"),
        (0x0008114A, .SQ, "ReferencedInstanceSequence"),
        (0x00081150, .UI, "ReferencedSOPClassUID"),
        (0x00081155, .UI, "ReferencedSOPInstanceUID"),
        (0x00081160, .IS, "ReferencedFrameNumber"),
        (0x00082111, .ST, "DerivationDescription"),
        (0x00082112, .SQ, "SourceImageSequence"),
        (0x00082218, .SQ, "AnatomicRegionSequence"),
        (0x00089124, .SQ, "DerivationImageSequence"),
        (0x00089209, .CS, "AcquisitionContrast"),
        (0x00089215, .SQ, "DerivationCodeSequence"),
        (0x00100010, .PN, "PatientName"),
        (0x00100020, .LO, "PatientID"),
        (0x00100030, .DA, "PatientBirthDate"),
        (0x00100040, .CS, "PatientSex"),
        (0x00101010, .AS, "PatientAge"),
        (0x00101030, .DS, "PatientWeight"),
        (0x00180010, .LO, "ContrastBolusAgent"),
        (0x00180012, .SQ, "ContrastBolusAgentSequence"),
        (0x00180015, .CS, "BodyPartExamined"),
        (0x00180020, .CS, "ScanningSequence"),
        (0x00180021, .CS, "SequenceVariant"),
        (0x00180022, .CS, "ScanOptions"),
        (0x00180023, .CS, "MRAcquisitionType"),
        (0x00180024, .SH, "SequenceName"),
        (0x00180050, .DS, "SliceThickness"),
        (0x00180080, .DS, "RepetitionTime"),
        (0x00180081, .DS, "EchoTime"),
        (0x00180082, .DS, "InversionTime"),
        (0x00180083, .DS, "NumberOfAverages"),
        (0x00180084, .DS, "ImagingFrequency"),
        (0x00180085, .SH, "ImagedNucleus"),
        (0x00180086, .IS, "EchoNumbers"),
        (0x00180087, .DS, "MagneticFieldStrength"),
        (0x00180088, .DS, "SpacingBetweenSlices"),
        (0x00180089, .IS, "NumberOfPhaseEncodingSteps"),
        (0x00180091, .IS, "EchoTrainLength"),
        (0x00180093, .DS, "PercentSampling"),
        (0x00180094, .DS, "PercentPhaseFieldOfView"),
        (0x00180095, .DS, "PixelBandwidth"),
        (0x00181000, .LO, "DeviceSerialNumber"),
        (0x00181020, .LO, "SoftwareVersions"),
        (0x00181030, .LO, "ProtocolName"),
        (0x00181040, .LO, "ContrastBolusRoute"),
        (0x00181250, .SH, "ReceiveCoilName"),
        (0x00181251, .SH, "TransmitCoilName"),
        (0x00181310, .US, "AcquisitionMatrix"),
        (0x00181312, .CS, "InPlanePhaseEncodingDirection"),
        (0x00181314, .DS, "FlipAngle"),
        (0x00181315, .CS, "VariableFlipAngleFlag"),
        (0x00181316, .DS, "SAR"),
        (0x00181318, .DS, "dBdt"),
        (0x00185100, .CS, "PatientPosition"),
        (0x00189005, .SH, "PulseSequenceName"),
        (0x00189008, .CS, "EchoPulseSequence"),
        (0x00189009, .CS, "InversionRecovery"),
        (0x00189112, .SQ, "MRTimingAndRelatedParametersSequence"),
        (0x00189114, .SQ, "MREchoSequence"),
        (0x00189115, .SQ, "MRModifierSequence"),
        (0x00189226, .SQ, "MRImageFrameTypeSequence"),
        (0x00189341, .SQ, "ContrastBolusUsageSequence"),
        (0x00189342, .CS, "ContrastBolusAgentAdministered"),
        (0x0020000D, .UI, "StudyInstanceUID"),
        (0x0020000E, .UI, "SeriesInstanceUID"),
        (0x00200010, .SH, "StudyID"),
        (0x00200011, .IS, "SeriesNumber"),
        (0x00200012, .IS, "AcquisitionNumber"),
        (0x00200013, .IS, "InstanceNumber"),
        (0x00200032, .DS, "ImagePositionPatient"),
        (0x00200037, .DS, "ImageOrientationPatient"),
        (0x00200052, .UI, "FrameOfReferenceUID"),
        (0x00200060, .CS, "Laterality"),
        (0x00200100, .IS, "TemporalPositionIdentifier"),
        (0x00201002, .IS, "ImagesInAcquisition"),
        (0x00201040, .LO, "PositionReferenceIndicator"),
        (0x00201041, .DS, "SliceLocation"),
        (0x00209056, .SH, "StackID"),
        (0x00209057, .UL, "InStackPositionNumber"),
        (0x00209111, .SQ, "FrameContentSequence"),
        (0x00209113, .SQ, "PlanePositionSequence"),
        (0x00209116, .SQ, "PlaneOrientationSequence"),
        (0x00209157, .UL, "DimensionIndexValues"),
        (0x00209164, .UI, "DimensionOrganizationUID"),
        (0x00209165, .AT, "DimensionIndexPointer"),
        (0x00209167, .AT, "FunctionalGroupPointer"),
        (0x00209221, .SQ, "DimensionOrganizationSequence"),
        (0x00209222, .SQ, "DimensionIndexSequence"),
        (0x00209311, .CS, "DimensionOrganizationType"),
        (0x00209421, .LO, "DimensionDescriptionLabel"),
        (0x00280002, .US, "SamplesPerPixel"),
        (0x00280004, .CS, "PhotometricInterpretation"),
        (0x00280006, .US, "PlanarConfiguration"),
        (0x00280008, .IS, "NumberOfFrames"),
        (0x00280009, .AT, "FrameIncrementPointer"),
        (0x00280010, .US, "Rows"),
        (0x00280011, .US, "Columns"),
        (0x00280030, .DS, "PixelSpacing"),
        (0x00280100, .US, "BitsAllocated"),
        (0x00280101, .US, "BitsStored"),
        (0x00280102, .US, "HighBit"),
        (0x00280103, .US, "PixelRepresentation"),
        (0x00280106, .US, "SmallestImagePixelValue"),
        (0x00280107, .US, "LargestImagePixelValue"),
        (0x00280120, .US, "PixelPaddingValue"),
        (0x00281050, .DS, "WindowCenter"),
        (0x00281051, .DS, "WindowWidth"),
        (0x00281052, .DS, "RescaleIntercept"),
        (0x00281053, .DS, "RescaleSlope"),
        (0x00281054, .LO, "RescaleType"),
        (0x0028135A, .CS, "SpatialLocationsPreserved"),
        (0x00282110, .CS, "LossyImageCompression"),
        (0x00289110, .SQ, "PixelMeasuresSequence"),
        (0x00289132, .SQ, "FrameVOILUTSequence"),
        (0x00289145, .SQ, "PixelValueTransformationSequence"),
        (0x00321060, .LO, "RequestedProcedureDescription"),
        (0x00400254, .LO, "PerformedProcedureStepDescription"),
        (0x0040A170, .SQ, "PurposeOfReferenceCodeSequence"),
        (0x00541000, .CS, "SeriesType"),
        (0x00620001, .CS, "SegmentationType"),
        (0x00620002, .SQ, "SegmentSequence"),
        (0x00620003, .SQ, "SegmentedPropertyCategoryCodeSequence"),
        (0x00620004, .US, "SegmentNumber"),
        (0x00620005, .LO, "SegmentLabel"),
        (0x00620006, .ST, "SegmentDescription"),
        (0x00620008, .CS, "SegmentAlgorithmType"),
        (0x00620009, .LO, "SegmentAlgorithmName"),
        (0x0062000A, .SQ, "SegmentIdentificationSequence"),
        (0x0062000B, .US, "ReferencedSegmentNumber"),
        (0x0062000D, .US, "RecommendedDisplayCIELabValue"),
        (0x0062000F, .SQ, "SegmentedPropertyTypeCodeSequence"),
        (0x00620013, .CS, "SegmentsOverlap"),
        (0x00700080, .CS, "ContentLabel"),
        (0x00700081, .LO, "ContentDescription"),
        (0x00700084, .PN, "ContentCreatorName"),
        (0x30060002, .SH, "StructureSetLabel"),
        (0x30060004, .LO, "StructureSetName"),
        (0x30060008, .DA, "StructureSetDate"),
        (0x30060009, .TM, "StructureSetTime"),
        (0x30060010, .SQ, "ReferencedFrameOfReferenceSequence"),
        (0x30060012, .SQ, "RTReferencedStudySequence"),
        (0x30060014, .SQ, "RTReferencedSeriesSequence"),
        (0x30060016, .SQ, "ContourImageSequence"),
        (0x30060020, .SQ, "StructureSetROISequence"),
        (0x30060022, .IS, "ROINumber"),
        (0x30060024, .UI, "ReferencedFrameOfReferenceUID"),
        (0x30060026, .LO, "ROIName"),
        (0x30060028, .ST, "ROIDescription"),
        (0x3006002A, .IS, "ROIDisplayColor"),
        (0x30060036, .CS, "ROIGenerationAlgorithm"),
        (0x30060039, .SQ, "ROIContourSequence"),
        (0x30060040, .SQ, "ContourSequence"),
        (0x30060042, .CS, "ContourGeometricType"),
        (0x30060046, .IS, "NumberOfContourPoints"),
        (0x30060050, .DS, "ContourData"),
        (0x30060080, .SQ, "RTROIObservationsSequence"),
        (0x30060082, .IS, "ObservationNumber"),
        (0x30060084, .IS, "ReferencedROINumber"),
        (0x300600A4, .CS, "RTROIInterpretedType"),
        (0x300600A6, .PN, "ROIInterpreter"),
        (0x300E0002, .CS, "ApprovalStatus"),
        (0x52009229, .SQ, "SharedFunctionalGroupsSequence"),
        (0x52009230, .SQ, "PerFrameFunctionalGroupsSequence"),
        (0x7FE00001, .OV, "ExtendedOffsetTable"),
        (0x7FE00008, .OF, "FloatPixelData"),
        (0x7FE00009, .OD, "DoubleFloatPixelData"),
        (0x7FE00010, .OB, "PixelData"),
    ]
}

/// Named tags, so code reads `ds.string(.seriesDescription)` rather than raw numbers.
extension DicomTag {
    public static let fileMetaInformationGroupLength = DicomTag(0x0002, 0x0000)
    public static let fileMetaInformationVersion = DicomTag(0x0002, 0x0001)
    public static let mediaStorageSOPClassUID = DicomTag(0x0002, 0x0002)
    public static let mediaStorageSOPInstanceUID = DicomTag(0x0002, 0x0003)
    public static let transferSyntaxUID = DicomTag(0x0002, 0x0010)
    public static let implementationClassUID = DicomTag(0x0002, 0x0012)
    public static let implementationVersionName = DicomTag(0x0002, 0x0013)
    public static let sourceApplicationEntityTitle = DicomTag(0x0002, 0x0016)
    public static let specificCharacterSet = DicomTag(0x0008, 0x0005)
    public static let imageType = DicomTag(0x0008, 0x0008)
    public static let instanceCreationDate = DicomTag(0x0008, 0x0012)
    public static let instanceCreationTime = DicomTag(0x0008, 0x0013)
    public static let sopClassUID = DicomTag(0x0008, 0x0016)
    public static let sopInstanceUID = DicomTag(0x0008, 0x0018)
    public static let studyDate = DicomTag(0x0008, 0x0020)
    public static let seriesDate = DicomTag(0x0008, 0x0021)
    public static let acquisitionDate = DicomTag(0x0008, 0x0022)
    public static let contentDate = DicomTag(0x0008, 0x0023)
    public static let studyTime = DicomTag(0x0008, 0x0030)
    public static let seriesTime = DicomTag(0x0008, 0x0031)
    public static let acquisitionTime = DicomTag(0x0008, 0x0032)
    public static let contentTime = DicomTag(0x0008, 0x0033)
    public static let accessionNumber = DicomTag(0x0008, 0x0050)
    public static let modality = DicomTag(0x0008, 0x0060)
    public static let manufacturer = DicomTag(0x0008, 0x0070)
    public static let institutionName = DicomTag(0x0008, 0x0080)
    public static let referringPhysicianName = DicomTag(0x0008, 0x0090)
    public static let codeValue = DicomTag(0x0008, 0x0100)
    public static let codingSchemeDesignator = DicomTag(0x0008, 0x0102)
    public static let codeMeaning = DicomTag(0x0008, 0x0104)
    public static let stationName = DicomTag(0x0008, 0x1010)
    public static let studyDescription = DicomTag(0x0008, 0x1030)
    public static let seriesDescription = DicomTag(0x0008, 0x103E)
    public static let operatorsName = DicomTag(0x0008, 0x1070)
    public static let manufacturerModelName = DicomTag(0x0008, 0x1090)
    public static let referencedStudySequence = DicomTag(0x0008, 0x1110)
    public static let referencedSeriesSequence = DicomTag(0x0008, 0x1115)
    public static let referencedImageSequence = DicomTag(0x0008, 0x1140)
    public static let referencedInstanceSequence = DicomTag(0x0008, 0x114A)
    public static let referencedSOPClassUID = DicomTag(0x0008, 0x1150)
    public static let referencedSOPInstanceUID = DicomTag(0x0008, 0x1155)
    public static let referencedFrameNumber = DicomTag(0x0008, 0x1160)
    public static let derivationDescription = DicomTag(0x0008, 0x2111)
    public static let sourceImageSequence = DicomTag(0x0008, 0x2112)
    public static let anatomicRegionSequence = DicomTag(0x0008, 0x2218)
    public static let derivationImageSequence = DicomTag(0x0008, 0x9124)
    public static let acquisitionContrast = DicomTag(0x0008, 0x9209)
    public static let derivationCodeSequence = DicomTag(0x0008, 0x9215)
    public static let patientName = DicomTag(0x0010, 0x0010)
    public static let patientID = DicomTag(0x0010, 0x0020)
    public static let patientBirthDate = DicomTag(0x0010, 0x0030)
    public static let patientSex = DicomTag(0x0010, 0x0040)
    public static let patientAge = DicomTag(0x0010, 0x1010)
    public static let patientWeight = DicomTag(0x0010, 0x1030)
    public static let contrastBolusAgent = DicomTag(0x0018, 0x0010)
    public static let contrastBolusAgentSequence = DicomTag(0x0018, 0x0012)
    public static let bodyPartExamined = DicomTag(0x0018, 0x0015)
    public static let scanningSequence = DicomTag(0x0018, 0x0020)
    public static let sequenceVariant = DicomTag(0x0018, 0x0021)
    public static let scanOptions = DicomTag(0x0018, 0x0022)
    public static let mrAcquisitionType = DicomTag(0x0018, 0x0023)
    public static let sequenceName = DicomTag(0x0018, 0x0024)
    public static let sliceThickness = DicomTag(0x0018, 0x0050)
    public static let repetitionTime = DicomTag(0x0018, 0x0080)
    public static let echoTime = DicomTag(0x0018, 0x0081)
    public static let inversionTime = DicomTag(0x0018, 0x0082)
    public static let numberOfAverages = DicomTag(0x0018, 0x0083)
    public static let imagingFrequency = DicomTag(0x0018, 0x0084)
    public static let imagedNucleus = DicomTag(0x0018, 0x0085)
    public static let echoNumbers = DicomTag(0x0018, 0x0086)
    public static let magneticFieldStrength = DicomTag(0x0018, 0x0087)
    public static let spacingBetweenSlices = DicomTag(0x0018, 0x0088)
    public static let numberOfPhaseEncodingSteps = DicomTag(0x0018, 0x0089)
    public static let echoTrainLength = DicomTag(0x0018, 0x0091)
    public static let percentSampling = DicomTag(0x0018, 0x0093)
    public static let percentPhaseFieldOfView = DicomTag(0x0018, 0x0094)
    public static let pixelBandwidth = DicomTag(0x0018, 0x0095)
    public static let deviceSerialNumber = DicomTag(0x0018, 0x1000)
    public static let softwareVersions = DicomTag(0x0018, 0x1020)
    public static let protocolName = DicomTag(0x0018, 0x1030)
    public static let contrastBolusRoute = DicomTag(0x0018, 0x1040)
    public static let receiveCoilName = DicomTag(0x0018, 0x1250)
    public static let transmitCoilName = DicomTag(0x0018, 0x1251)
    public static let acquisitionMatrix = DicomTag(0x0018, 0x1310)
    public static let inPlanePhaseEncodingDirection = DicomTag(0x0018, 0x1312)
    public static let flipAngle = DicomTag(0x0018, 0x1314)
    public static let variableFlipAngleFlag = DicomTag(0x0018, 0x1315)
    public static let sar = DicomTag(0x0018, 0x1316)
    public static let dBdt = DicomTag(0x0018, 0x1318)
    public static let patientPosition = DicomTag(0x0018, 0x5100)
    public static let pulseSequenceName = DicomTag(0x0018, 0x9005)
    public static let echoPulseSequence = DicomTag(0x0018, 0x9008)
    public static let inversionRecovery = DicomTag(0x0018, 0x9009)
    public static let mrTimingAndRelatedParametersSequence = DicomTag(0x0018, 0x9112)
    public static let mrEchoSequence = DicomTag(0x0018, 0x9114)
    public static let mrModifierSequence = DicomTag(0x0018, 0x9115)
    public static let mrImageFrameTypeSequence = DicomTag(0x0018, 0x9226)
    public static let contrastBolusUsageSequence = DicomTag(0x0018, 0x9341)
    public static let contrastBolusAgentAdministered = DicomTag(0x0018, 0x9342)
    public static let studyInstanceUID = DicomTag(0x0020, 0x000D)
    public static let seriesInstanceUID = DicomTag(0x0020, 0x000E)
    public static let studyID = DicomTag(0x0020, 0x0010)
    public static let seriesNumber = DicomTag(0x0020, 0x0011)
    public static let acquisitionNumber = DicomTag(0x0020, 0x0012)
    public static let instanceNumber = DicomTag(0x0020, 0x0013)
    public static let imagePositionPatient = DicomTag(0x0020, 0x0032)
    public static let imageOrientationPatient = DicomTag(0x0020, 0x0037)
    public static let frameOfReferenceUID = DicomTag(0x0020, 0x0052)
    public static let laterality = DicomTag(0x0020, 0x0060)
    public static let temporalPositionIdentifier = DicomTag(0x0020, 0x0100)
    public static let imagesInAcquisition = DicomTag(0x0020, 0x1002)
    public static let positionReferenceIndicator = DicomTag(0x0020, 0x1040)
    public static let sliceLocation = DicomTag(0x0020, 0x1041)
    public static let stackID = DicomTag(0x0020, 0x9056)
    public static let inStackPositionNumber = DicomTag(0x0020, 0x9057)
    public static let frameContentSequence = DicomTag(0x0020, 0x9111)
    public static let planePositionSequence = DicomTag(0x0020, 0x9113)
    public static let planeOrientationSequence = DicomTag(0x0020, 0x9116)
    public static let dimensionIndexValues = DicomTag(0x0020, 0x9157)
    public static let dimensionOrganizationUID = DicomTag(0x0020, 0x9164)
    public static let dimensionIndexPointer = DicomTag(0x0020, 0x9165)
    public static let functionalGroupPointer = DicomTag(0x0020, 0x9167)
    public static let dimensionOrganizationSequence = DicomTag(0x0020, 0x9221)
    public static let dimensionIndexSequence = DicomTag(0x0020, 0x9222)
    public static let dimensionOrganizationType = DicomTag(0x0020, 0x9311)
    public static let dimensionDescriptionLabel = DicomTag(0x0020, 0x9421)
    public static let samplesPerPixel = DicomTag(0x0028, 0x0002)
    public static let photometricInterpretation = DicomTag(0x0028, 0x0004)
    public static let planarConfiguration = DicomTag(0x0028, 0x0006)
    public static let numberOfFrames = DicomTag(0x0028, 0x0008)
    public static let frameIncrementPointer = DicomTag(0x0028, 0x0009)
    public static let rows = DicomTag(0x0028, 0x0010)
    public static let columns = DicomTag(0x0028, 0x0011)
    public static let pixelSpacing = DicomTag(0x0028, 0x0030)
    public static let bitsAllocated = DicomTag(0x0028, 0x0100)
    public static let bitsStored = DicomTag(0x0028, 0x0101)
    public static let highBit = DicomTag(0x0028, 0x0102)
    public static let pixelRepresentation = DicomTag(0x0028, 0x0103)
    public static let smallestImagePixelValue = DicomTag(0x0028, 0x0106)
    public static let largestImagePixelValue = DicomTag(0x0028, 0x0107)
    public static let pixelPaddingValue = DicomTag(0x0028, 0x0120)
    public static let windowCenter = DicomTag(0x0028, 0x1050)
    public static let windowWidth = DicomTag(0x0028, 0x1051)
    public static let rescaleIntercept = DicomTag(0x0028, 0x1052)
    public static let rescaleSlope = DicomTag(0x0028, 0x1053)
    public static let rescaleType = DicomTag(0x0028, 0x1054)
    public static let spatialLocationsPreserved = DicomTag(0x0028, 0x135A)
    public static let lossyImageCompression = DicomTag(0x0028, 0x2110)
    public static let pixelMeasuresSequence = DicomTag(0x0028, 0x9110)
    public static let frameVOILUTSequence = DicomTag(0x0028, 0x9132)
    public static let pixelValueTransformationSequence = DicomTag(0x0028, 0x9145)
    public static let requestedProcedureDescription = DicomTag(0x0032, 0x1060)
    public static let performedProcedureStepDescription = DicomTag(0x0040, 0x0254)
    public static let purposeOfReferenceCodeSequence = DicomTag(0x0040, 0xA170)
    public static let seriesType = DicomTag(0x0054, 0x1000)
    public static let segmentationType = DicomTag(0x0062, 0x0001)
    public static let segmentSequence = DicomTag(0x0062, 0x0002)
    public static let segmentedPropertyCategoryCodeSequence = DicomTag(0x0062, 0x0003)
    public static let segmentNumber = DicomTag(0x0062, 0x0004)
    public static let segmentLabel = DicomTag(0x0062, 0x0005)
    public static let segmentDescription = DicomTag(0x0062, 0x0006)
    public static let segmentAlgorithmType = DicomTag(0x0062, 0x0008)
    public static let segmentAlgorithmName = DicomTag(0x0062, 0x0009)
    public static let segmentIdentificationSequence = DicomTag(0x0062, 0x000A)
    public static let referencedSegmentNumber = DicomTag(0x0062, 0x000B)
    public static let recommendedDisplayCIELabValue = DicomTag(0x0062, 0x000D)
    public static let segmentedPropertyTypeCodeSequence = DicomTag(0x0062, 0x000F)
    public static let segmentsOverlap = DicomTag(0x0062, 0x0013)
    public static let contentLabel = DicomTag(0x0070, 0x0080)
    public static let contentDescription = DicomTag(0x0070, 0x0081)
    public static let contentCreatorName = DicomTag(0x0070, 0x0084)
    public static let structureSetLabel = DicomTag(0x3006, 0x0002)
    public static let structureSetName = DicomTag(0x3006, 0x0004)
    public static let structureSetDate = DicomTag(0x3006, 0x0008)
    public static let structureSetTime = DicomTag(0x3006, 0x0009)
    public static let referencedFrameOfReferenceSequence = DicomTag(0x3006, 0x0010)
    public static let rtReferencedStudySequence = DicomTag(0x3006, 0x0012)
    public static let rtReferencedSeriesSequence = DicomTag(0x3006, 0x0014)
    public static let contourImageSequence = DicomTag(0x3006, 0x0016)
    public static let structureSetROISequence = DicomTag(0x3006, 0x0020)
    public static let roiNumber = DicomTag(0x3006, 0x0022)
    public static let referencedFrameOfReferenceUID = DicomTag(0x3006, 0x0024)
    public static let roiName = DicomTag(0x3006, 0x0026)
    public static let roiDescription = DicomTag(0x3006, 0x0028)
    public static let roiDisplayColor = DicomTag(0x3006, 0x002A)
    public static let roiGenerationAlgorithm = DicomTag(0x3006, 0x0036)
    public static let roiContourSequence = DicomTag(0x3006, 0x0039)
    public static let contourSequence = DicomTag(0x3006, 0x0040)
    public static let contourGeometricType = DicomTag(0x3006, 0x0042)
    public static let numberOfContourPoints = DicomTag(0x3006, 0x0046)
    public static let contourData = DicomTag(0x3006, 0x0050)
    public static let rtroiObservationsSequence = DicomTag(0x3006, 0x0080)
    public static let observationNumber = DicomTag(0x3006, 0x0082)
    public static let referencedROINumber = DicomTag(0x3006, 0x0084)
    public static let rtroiInterpretedType = DicomTag(0x3006, 0x00A4)
    public static let roiInterpreter = DicomTag(0x3006, 0x00A6)
    public static let approvalStatus = DicomTag(0x300E, 0x0002)
    public static let sharedFunctionalGroupsSequence = DicomTag(0x5200, 0x9229)
    public static let perFrameFunctionalGroupsSequence = DicomTag(0x5200, 0x9230)
    public static let extendedOffsetTable = DicomTag(0x7FE0, 0x0001)
    public static let floatPixelData = DicomTag(0x7FE0, 0x0008)
    public static let doubleFloatPixelData = DicomTag(0x7FE0, 0x0009)
    public static let pixelData = DicomTag(0x7FE0, 0x0010)
}
