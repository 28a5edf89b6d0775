import GRDB
import XCTest
@testable import FirthKit

final class ModelWordFunctionTests: XCTestCase {
    /// `lm_word` answers what the lookup in `ngram_vocabulary` answers: the model's id, 0 for a
    /// word it does not keep (or one past the largest word id, or negative), NULL for NULL.
    func testMapsWordIdsLikeTheVocabularyTable() throws {
        let dbQueue = try DatabaseQueue()
        let words = ModelWordFunction(ids: [(wordID: 7, id: 3), (wordID: 2, id: 5), (wordID: 0, id: 4)])
        XCTAssertEqual(words.ids, [4, 0, 5, 0, 0, 0, 0, 3])
        let answers = try dbQueue.write { db -> [Int64?] in
            try words.install(on: db)
            return try Row.fetchOne(db, sql: "SELECT lm_word(7), lm_word(2), lm_word(0), lm_word(1), lm_word(8), lm_word(-1), lm_word(NULL)")!
                .databaseValues.map { Int64.fromDatabaseValue($0) }
        }
        XCTAssertEqual(answers, [3, 5, 4, 0, 0, 0, nil])
    }

    /// The same ids as the table it stands for, over a model's real vocabulary.
    func testReadsTheModelsVocabulary() throws {
        let dbQueue = try DatabaseQueue()
        try dbQueue.write { db in
            try db.execute(sql: """
                CREATE TABLE ngram_vocabulary(model_id INTEGER, id INTEGER, word_id INTEGER);
                INSERT INTO ngram_vocabulary VALUES (1, 0, NULL), (1, 1, NULL), (1, 2, NULL), (1, 3, 12), (1, 4, 10),
                    (2, 3, 10), (2, 4, 11);
                CREATE TABLE tokens(word_id INTEGER);
                INSERT INTO tokens VALUES (10), (11), (12), (13);
                """)
            try ModelWordFunction(db, model: 1).install(on: db)
            let byFunction = try Int64.fetchAll(db, sql: "SELECT lm_word(word_id) FROM tokens")
            let byTable = try Int64.fetchAll(db, sql: """
                SELECT coalesce(v.id, 0) FROM tokens t LEFT JOIN ngram_vocabulary v ON v.model_id = 1 AND v.word_id = t.word_id
                """)
            XCTAssertEqual(byFunction, [4, 0, 3, 0])
            XCTAssertEqual(byFunction, byTable)
        }
    }

    /// Removed, the function is gone from the connection; installing it again replaces it.
    func testRemoveAndReinstall() throws {
        let dbQueue = try DatabaseQueue()
        try dbQueue.write { db in
            try ModelWordFunction(ids: [(wordID: 1, id: 9)]).install(on: db)
            try ModelWordFunction(ids: [(wordID: 1, id: 6)]).install(on: db)
            XCTAssertEqual(try Int64.fetchOne(db, sql: "SELECT lm_word(1)"), 6)
            ModelWordFunction.remove(from: db)
            XCTAssertThrowsError(try Int64.fetchOne(db, sql: "SELECT lm_word(1)"))
        }
    }
}
