import Foundation

/// The image series a derived object (RT Structure Set, Segmentation) refers to: its grid, its
/// UIDs (one SOPInstanceUID per slice) and the patient and study it belongs to, which the derived
/// object copies so that archives file it with its images.
public struct SourceImageSeries: Sendable {
    public var geometry: ImageGeometry
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var frameOfReferenceUID: String
    /// SOP class of the images (MR Image Storage by default).
    public var sopClassUID: String
    /// One SOPInstanceUID per slice, in slice (k) order.
    public var sopInstanceUIDs: [String]
    public var patientName: String
    public var patientID: String
    /// YYYYMMDD or empty.
    public var patientBirthDate: String
    /// M, F, O or empty.
    public var patientSex: String
    public var studyDate: String
    public var studyTime: String
    public var studyID: String
    public var accessionNumber: String
    public var referringPhysicianName: String

    public init(geometry: ImageGeometry, studyInstanceUID: String, seriesInstanceUID: String,
                frameOfReferenceUID: String, sopInstanceUIDs: [String],
                sopClassUID: String = "1.2.840.10008.5.1.4.1.1.4",
                patientName: String = "", patientID: String = "", patientBirthDate: String = "",
                patientSex: String = "", studyDate: String = "", studyTime: String = "",
                studyID: String = "", accessionNumber: String = "", referringPhysicianName: String = "") {
        self.geometry = geometry
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.frameOfReferenceUID = frameOfReferenceUID
        self.sopClassUID = sopClassUID
        self.sopInstanceUIDs = sopInstanceUIDs
        self.patientName = patientName
        self.patientID = patientID
        self.patientBirthDate = patientBirthDate
        self.patientSex = patientSex
        self.studyDate = studyDate
        self.studyTime = studyTime
        self.studyID = studyID
        self.accessionNumber = accessionNumber
        self.referringPhysicianName = referringPhysicianName
    }

    /// Writes the Patient and General Study modules' attributes (the derived object joins the
    /// source study) into `ds`.
    public func setPatientAndStudy(in ds: inout DicomDataSet) {
        ds.set(.studyDate, .DA, studyDate)
        ds.set(.studyTime, .TM, studyTime)
        ds.set(.accessionNumber, .SH, accessionNumber)
        ds.set(.referringPhysicianName, .PN, referringPhysicianName)
        ds.set(.patientName, .PN, patientName)
        ds.set(.patientID, .LO, patientID)
        ds.set(.patientBirthDate, .DA, patientBirthDate)
        ds.set(.patientSex, .CS, patientSex)
        ds.set(.studyInstanceUID, .UI, studyInstanceUID)
        ds.set(.studyID, .SH, studyID)
    }

    /// The item that references one of the series' images (ReferencedSOPClassUID and
    /// ReferencedSOPInstanceUID).
    public func reference(to sopInstanceUID: String) -> DicomDataSet {
        var item = DicomDataSet()
        item.set(.referencedSOPClassUID, .UI, sopClassUID)
        item.set(.referencedSOPInstanceUID, .UI, sopInstanceUID)
        return item
    }

    /// DA and TM in UTC.
    static func dicomDateTime(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        let time = String(format: "%02d%02d%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        return (day, time)
    }
}
