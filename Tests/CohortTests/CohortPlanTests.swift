import Statistics
import Testing
@testable import Cohort
import Vocabulary

@Suite struct CohortPlanTests {
    @Test func classCountsFollowTable1ByLargestRemainder() throws {
        let plan = try CohortPlan(patients: 200, seed: 1, mix: .paper)
        var perClass: [PrimarySite: Set<String>] = [:]
        for s in plan.studies { perClass[s.label, default: []].insert(s.patientID) }
        // 200 × (882, 154, 348, 91, 107) / 1582 = 111.504, 19.469, 43.995, 11.504, 13.527: the three
        // largest remainders go to melanoma, other and (tie with renal, earlier wins) lung.
        let counts = PrimarySite.allCases.map { perClass[$0]?.count ?? 0 }
        #expect(counts.reduce(0, +) == 200)
        #expect(counts == largestRemainder(total: 200, weights: PrimarySite.allCases.map { Double($0.table1Total) }))
        #expect(counts == [112, 19, 44, 11, 14])
    }

    @Test func everyClassPresentForFivePatientsAndFewerIsAnError() throws {
        let plan = try CohortPlan(patients: 5, seed: 3, mix: .paper)
        #expect(Set(plan.studies.map(\.label)) == Set(PrimarySite.allCases))
        #expect(throws: CohortError.self) { try CohortPlan(patients: 4, seed: 3, mix: .paper) }
    }

    @Test func paperMixKeepsBreastT1CEAndModalityShares() throws {
        let plan = try CohortPlan(patients: 1399, seed: 5, mix: .paper)
        let breast = plan.studies.filter { $0.label == .breast }
        let breastT1 = Double(breast.filter { $0.modality == .t1ce }.count) / Double(breast.count)
        #expect(breastT1 > 0.95)
        let lung = plan.studies.filter { $0.label == .lung }
        let lungT1 = Double(lung.filter { $0.modality == .t1ce }.count) / Double(lung.count)
        #expect(abs(lungT1 - PrimarySite.lung.table1T1Share) < 0.05)
        let patients = Set(plan.studies.map(\.patientID)).count
        let both = Set(plan.studies.filter(\.bothModalities).map(\.patientID)).count
        #expect(patients == 1399)
        #expect(abs(Double(both) / Double(patients) - 0.09) < 0.02)
        let contoured = Double(plan.studies.filter(\.contoured).count) / Double(plan.studies.count)
        #expect(abs(contoured - 284.0 / 1582.0) < 0.03)
        let followUp = Set(plan.studies.filter { $0.session == 2 }.map(\.patientID)).count
        #expect(followUp > 20 && followUp < 90)
    }

    @Test func balancedMixMakesModalityIndependentOfClass() throws {
        let plan = try CohortPlan(patients: 1000, seed: 5, mix: .balanced)
        for label in PrimarySite.allCases {
            let s = plan.studies.filter { $0.label == label }
            let t1 = Double(s.filter { $0.modality == .t1ce }.count) / Double(s.count)
            #expect(abs(t1 - 0.5) < 0.08, "\(label): T1 CE share \(t1)")
        }
    }

    @Test func resolutionParsing() throws {
        #expect(try CohortResolution(parsing: "paper") == .paper)
        #expect(try CohortResolution(parsing: "demo") == .demo)
        #expect(try CohortResolution(parsing: "1,1,2.5") == .custom(.init(1, 1, 2.5)))
        #expect(throws: CohortError.self) { try CohortResolution(parsing: "fine") }
        #expect(throws: CohortError.self) { try CohortResolution(parsing: "1,0,1") }
    }
}
