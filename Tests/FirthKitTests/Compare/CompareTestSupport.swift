import Foundation
import XCTest
@testable import FirthKit

/// Four tiny speeches, two before 1945 and two after, small enough to count by hand:
///
/// ```
/// speeches/1900-A.txt  war peace war              (3 tokens)
/// speeches/1920-B.txt  peace land peace land      (4)
/// other/1950-C.txt     war war bomb               (3)
/// other/1960-D.txt     bomb peace war bomb war    (5)
/// ```
/// modern (year >= 1945): war 4, peace 1, bomb 3 of 8 tokens; the rest: war 2, peace 3, land 2 of 7.
let speeches = ["speeches/1900-A.txt": "war peace war", "speeches/1920-B.txt": "peace land peace land",
                "other/1950-C.txt": "war war bomb", "other/1960-D.txt": "bomb peace war bomb war"]

/// A store holding `files` (name → text), ingested from one folder in name order.
func makeStore(_ test: XCTestCase, files: [String: String]) throws -> CorpusStore {
    let store = try makeTemporaryStore(test)
    let folder = try makeFolder(test, files)
    let report = try Ingester(store: store).ingest(paths: [folder.path])
    XCTAssertEqual(report.errors, [])
    return store
}
