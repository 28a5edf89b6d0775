import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The binary image of an embedding (migration 0013): it must give exactly the vectors and
/// frequencies of the rows, and never be used when it does not belong to them as they are now.
final class EmbeddingImageTests: XCTestCase {
    /// Floats whose bits a careless copy would change: signed zero, a subnormal, the extremes,
    /// infinities and a NaN with a payload.
    static let awkwardFloats: [Float] = [1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.infinity,
                                         Float(bitPattern: 0x7FC0_1234), .pi, -1.5e-30, 0.1, 3]
    /// Words of 4, 0, 9, 9, 6 and 1 UTF-8 bytes.
    static let awkwardWords = ["río", "", "日本語", "🌊 wave", "naïve", "a"]

    func assertIdentical(_ a: WordVectors, _ b: WordVectors, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.name, b.name, message, file: file, line: line)
        XCTAssertEqual(a.words, b.words, message, file: file, line: line)
        XCTAssertEqual(a.vectors.rows, b.vectors.rows, message, file: file, line: line)
        XCTAssertEqual(a.vectors.columns, b.vectors.columns, message, file: file, line: line)
        // Bit for bit, not to a tolerance.
        XCTAssertEqual(a.vectors.elements.map(\.bitPattern), b.vectors.elements.map(\.bitPattern), message, file: file, line: line)
        XCTAssertEqual(a.frequencies?.map(\.bitPattern), b.frequencies?.map(\.bitPattern), message, file: file, line: line)
    }

    /// The vectors as read from the rows alone (the image set aside for the read).
    func fromRows(_ store: CorpusStore, _ name: String) throws -> WordVectors {
        let embedding = try store.embedding(named: name)
        return try store.dbQueue.read { db in
            try CorpusStore.embeddingRows(db, of: embedding, path: store.path).wordVectors(name: embedding.name)
        }
    }

    func imageRows(_ store: CorpusStore) throws -> Int {
        try store.dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding_images")! }
    }

    // MARK: - The layout

    func testImageRoundTripsEveryBitAndEveryWord() throws {
        let words = Self.awkwardWords
        let floats = (0..<(words.count * 5)).map { Self.awkwardFloats[$0 % Self.awkwardFloats.count] }
        let image = EmbeddingImage(words: words, dimensions: 5, elements: floats, counts: [7, 0, 3, Int64(Int32.max) + 9, 1, 2],
                                   total: 1 << 40)
        let data = image.data()
        // 32 header bytes, 7 offsets, 4 + 0 + 9 + 9 + 6 + 1 bytes of UTF-8, 6 counts, 30 floats.
        XCTAssertEqual(data.count, 32 + 4 * 7 + 29 + 8 * 6 + 4 * 30)
        XCTAssertEqual(data.count, image.byteCount)
        XCTAssertEqual(Array(data.prefix(8)), Array("FIRTHWV\0".utf8))
        XCTAssertEqual(Array(data[12..<24]), [1, 0, 0, 0, 6, 0, 0, 0, 5, 0, 0, 0])   // format 1, V = 6, d = 5, little-endian
        // The matrix is the rows' BLOBs end to end: the last 120 bytes are the stored layout.
        XCTAssertEqual(Data(data.suffix(120)), CorpusStore.data(floats))

        let back = try XCTUnwrap(EmbeddingImage(data: data))
        XCTAssertEqual(back.words, words)
        XCTAssertEqual(back.words.map { Array($0.utf8) }, words.map { Array($0.utf8) })
        XCTAssertEqual(back.elements.map(\.bitPattern), floats.map(\.bitPattern))
        XCTAssertEqual(back.counts, [7, 0, 3, Int64(Int32.max) + 9, 1, 2])
        XCTAssertEqual(back.total, 1 << 40)
        XCTAssertEqual(back.dimensions, 5)
    }

    func testDamagedImagesAreRefused() throws {
        let data = EmbeddingImage(words: ["river", "bank"], dimensions: 2, elements: [1, 0, 0.6, 0.8], counts: [2, 1], total: 3).data()
        XCTAssertNotNil(EmbeddingImage(data: data))
        XCTAssertNil(EmbeddingImage(data: data.dropLast()), "truncated")
        XCTAssertNil(EmbeddingImage(data: data + Data([0])), "longer than announced")
        XCTAssertNil(EmbeddingImage(data: Data()), "empty")
        var otherFormat = data
        otherFormat[12] &+= 1
        XCTAssertNil(EmbeddingImage(data: otherFormat), "another layout version")
        var otherOrder = data
        otherOrder.replaceSubrange(8..<12, with: [1, 2, 3, 4])   // the marker as a big-endian writer leaves it
        XCTAssertNil(EmbeddingImage(data: otherOrder), "another byte order")
        var otherMagic = data
        otherMagic[0] = UInt8(ascii: "X")
        XCTAssertNil(EmbeddingImage(data: otherMagic), "not an image")
        var moreWords = data
        moreWords[16] = 3   // V = 3 with the bytes of 2
        XCTAssertNil(EmbeddingImage(data: moreWords), "sizes that do not add up")
        var negative = data
        negative[24 + 7] = 0x80   // total < 0
        XCTAssertNil(EmbeddingImage(data: negative), "a negative total")
    }

    // MARK: - The store

    /// Vectors stored with awkward words and floats load from their image, exactly as stored,
    /// with each word's share of the corpus's tokens.
    func testStoredImageGivesTheStoredFloatsAndTheCorpusFrequencies() throws {
        // 8 tokens: río ×2, naïve ×1, a ×1, bank ×2, the ×2; the others are not in the corpus.
        let store = try makeStore(self, documents: ["río naïve bank the", "a río bank the"])
        XCTAssertEqual(try store.statistics().tokens, 8)
        let words = Self.awkwardWords
        let floats = (0..<(words.count * 5)).map { Self.awkwardFloats[($0 * 7) % Self.awkwardFloats.count] }
        let embedding = try store.storeEmbedding(name: "odd", source: .imported, tableID: nil, words: words,
                                                 vectors: DenseMatrix(rows: words.count, columns: 5, elements: floats),
                                                 singularValues: [], seconds: 0)
        // The image's floats are the rows' BLOBs bit for bit, and its words theirs.
        let image = try XCTUnwrap(try store.dbQueue.read { db in try CorpusStore.embeddingImage(db, of: embedding) })
        var stored = Data()
        var storedWords: [String] = []
        try store.forEachStoredVector(of: embedding) { stored.append($0.vector); storedWords.append($0.word) }
        XCTAssertEqual(CorpusStore.data(image.elements), stored)
        XCTAssertEqual(image.elements.map(\.bitPattern), floats.map(\.bitPattern))
        XCTAssertEqual(image.words, storedWords)
        XCTAssertEqual(image.words, words)
        XCTAssertEqual(image.counts, [2, 0, 0, 0, 1, 1])
        XCTAssertEqual(image.total, 8)

        let loaded = try store.loadWordVectors(named: "odd")
        XCTAssertTrue(loaded.fromImage)
        XCTAssertEqual(loaded.vectors.frequencies, [2.0 / 8, 0, 0, 0, 1.0 / 8, 1.0 / 8])
        assertIdentical(loaded.vectors, try fromRows(store, "odd"), "image against rows")
        XCTAssertTrue(try store.hasCurrentEmbeddingImage(embedding))
    }

    /// Every way an embedding is made stores its image, and the image gives what the rows give.
    func testEachKindOfEmbeddingLoadsTheSameFromItsImageAsFromItsRows() throws {
        let texts = ["the river flows over the stones and the water is cold", "the bank lends money and the loan is paid",
                     "fish swim in the river water", "the bank keeps money in the vault", "water and stones in the stream",
                     "a loan of money from the bank"]
        let store = try makeStore(self, documents: texts)
        var count = CountParameters()
        (count.window, count.minCount) = (3, 1)
        let table = try CooccurrenceCounter(store: store).count(count).table
        var svd = EmbeddingParameters()
        svd.dimensions = 4
        let made = [
            try EmbeddingBuilder(store: store).embed(table: table, parameters: svd).embedding,
            try SkipGramTrainer(store: store).train({ var p = SkipGramTests.smallParameters; p.minCount = 1; p.epochs = 2; return p }()).embedding,
        ]
        let combined = try store.combineEmbeddings(made.map(\.name))
        let file = try makeTemporaryFolder(self).appendingPathComponent("glove.txt")
        try "river 0.5 -1 2\nwater 0.25 0 -3\nzebra 1e-3 4 5\n".write(to: file, atomically: true, encoding: .utf8)
        let imported = try store.importVectors(at: file.path, name: "glove").embedding
        let all = made + [combined, imported]
        XCTAssertEqual(Set(all.map(\.source.kind)), [.svd, .sgns, .combined, .imported])
        XCTAssertEqual(try imageRows(store), 4)

        var withImage: [WordVectors] = []
        for embedding in all {
            let loaded = try store.loadWordVectors(named: embedding.name)
            XCTAssertTrue(loaded.fromImage, embedding.name)
            XCTAssertEqual(loaded.vectors.words.count, embedding.vocabularySize)
            assertIdentical(loaded.vectors, try fromRows(store, embedding.name), embedding.name)
            withImage.append(loaded.vectors)
        }
        // River: 2 of the corpus's tokens, in every kind (zebra: none, in the imported vectors).
        let tokens = Double(try store.statistics().tokens)
        for vectors in withImage {
            XCTAssertEqual(vectors.frequencies?[vectors.rowIfPresent("river")!], 2 / tokens, vectors.name)
        }
        XCTAssertEqual(withImage[3].frequencies?[withImage[3].rowIfPresent("zebra")!], 0)

        // With the images gone (a database from before 0013), the rows give the same; storing
        // the images again, as a query command does, brings them back.
        try store.dbQueue.write { db in try db.execute(sql: "DELETE FROM embedding_images") }
        for (embedding, vectors) in zip(all, withImage) {
            let loaded = try store.loadWordVectors(named: embedding.name)
            XCTAssertFalse(loaded.fromImage, embedding.name)
            assertIdentical(loaded.vectors, vectors, "rows: \(embedding.name)")
            try store.storeEmbeddingImage(of: embedding)
            let again = try store.loadWordVectors(named: embedding.name)
            XCTAssertTrue(again.fromImage, embedding.name)
            assertIdentical(again.vectors, vectors, "image again: \(embedding.name)")
        }
    }

    /// A damaged image, one of another size, or one whose counts belong to an older corpus is
    /// not used: the rows give the vectors, and the frequencies of the corpus as it is.
    func testDamagedImagesAndAChangedCorpusFallBackToTheRows() throws {
        let store = try makeStore(self, documents: ["the river the bank"])
        let embedding = try store.storeEmbedding(name: "e", source: .imported, tableID: nil, words: ["the", "river", "bank"],
                                                 vectors: DenseMatrix([[3, 4], [1, 0], [0, 2]]), singularValues: [], seconds: 0)
        let good = try store.loadWordVectors(named: "e")
        XCTAssertTrue(good.fromImage)
        XCTAssertEqual(good.vectors.frequencies, [0.5, 0.25, 0.25])
        XCTAssertEqual(good.vectors.vectors.row(0)[0], 0.6, accuracy: 1e-7)
        XCTAssertEqual(good.vectors.vectors.row(0)[1], 0.8, accuracy: 1e-7)
        let original = try store.dbQueue.read { db in try Data.fetchOne(db, sql: "SELECT image FROM embedding_images")! }

        let damages: [(String, String, StatementArguments)] = [
            ("short", "UPDATE embedding_images SET image = substr(image, 1, 40), bytes = 40", []),
            ("length", "UPDATE embedding_images SET bytes = bytes + 1", []),
            ("format", "UPDATE embedding_images SET format = format + 1", []),
            ("sizes", "UPDATE embedding_images SET dimensions = 3", []),
            ("garbage", "UPDATE embedding_images SET image = zeroblob(length(image))", []),
            ("corpus", "UPDATE embedding_images SET corpus_tokens = corpus_tokens - 1", []),
            ("fewer words", "UPDATE embedding_images SET image = ?, bytes = ?",
             [EmbeddingImage(words: ["a", "b"], dimensions: 2, elements: [1, 0, 0, 1], counts: [1, 1], total: 4).data(),
              EmbeddingImage(words: ["a", "b"], dimensions: 2, elements: [1, 0, 0, 1], counts: [1, 1], total: 4).byteCount]),
        ]
        for (what, sql, arguments) in damages {
            try store.storeEmbeddingImage(of: embedding)
            try store.dbQueue.write { db in
                XCTAssertEqual(try Data.fetchOne(db, sql: "SELECT image FROM embedding_images"), original, "restored before \(what)")
                XCTAssertTrue(try CorpusStore.embeddingImage(db, of: embedding) != nil, "restored before \(what)")
                try db.execute(sql: sql, arguments: arguments)
            }
            let loaded = try store.loadWordVectors(named: "e")
            XCTAssertFalse(loaded.fromImage, what)
            assertIdentical(loaded.vectors, good.vectors, what)
        }

        // The corpus grows: the image's counts are of the corpus before, so the rows are read,
        // with the frequencies of now (the: 4 of 9 tokens, river 2, bank 1), until a fresh
        // image is stored.
        try store.storeEmbeddingImage(of: embedding)
        XCTAssertTrue(try store.loadWordVectors(named: "e").fromImage)
        let folder = try makeFolder(self, ["more.txt": "the river and the sea"])
        _ = try Ingester(store: store, options: Ingester.Options()).ingest(paths: [folder.path])
        let stale = try store.loadWordVectors(named: "e")
        XCTAssertFalse(stale.fromImage)
        XCTAssertEqual(stale.vectors.frequencies, [4.0 / 9, 2.0 / 9, 1.0 / 9])
        XCTAssertEqual(stale.vectors.vectors.elements, good.vectors.vectors.elements)
        try store.storeEmbeddingImage(of: embedding)
        let fresh = try store.loadWordVectors(named: "e")
        XCTAssertTrue(fresh.fromImage)
        assertIdentical(fresh.vectors, stale.vectors, "fresh image")
    }

    /// Replacing an embedding replaces its image; deleting it deletes its image.
    func testReplacingAnEmbeddingReplacesItsImage() throws {
        let store = try makeStore(self, documents: ["river bank water"])
        try store.storeEmbedding(name: "keep", source: .imported, tableID: nil, words: ["water"],
                                 vectors: DenseMatrix([[0, 1]]), singularValues: [], seconds: 0)
        try store.storeEmbedding(name: "e", source: .imported, tableID: nil, words: ["river", "bank"],
                                 vectors: DenseMatrix([[1, 0], [0, 1]]), singularValues: [], seconds: 0)
        let second = try store.storeEmbedding(name: "e", source: .imported, tableID: nil, words: ["bank", "water", "river"],
                                              vectors: DenseMatrix([[1, 0, 0], [0, 1, 0], [0, 0, 2]]), singularValues: [], seconds: 0)
        XCTAssertEqual(try imageRows(store), 2)
        let loaded = try store.loadWordVectors(named: "e")
        XCTAssertTrue(loaded.fromImage)
        XCTAssertEqual(loaded.embedding.id, second.id)
        XCTAssertEqual(loaded.vectors.words, ["bank", "water", "river"])
        XCTAssertEqual(loaded.vectors.vectors.row(2), [0, 0, 1])
        let image = try XCTUnwrap(try store.dbQueue.read { db in try CorpusStore.embeddingImage(db, of: second) })
        XCTAssertEqual(image.elements, [1, 0, 0, 0, 1, 0, 0, 0, 2])
        XCTAssertEqual(try store.wordVectors(named: "keep").words, ["water"])

        try store.dbQueue.write { db in try db.execute(sql: "DELETE FROM embeddings WHERE name = 'e'") }
        XCTAssertEqual(try store.dbQueue.read { db in try Int64.fetchAll(db, sql: "SELECT embedding_id FROM embedding_images") },
                       [try store.embedding(named: "keep").id])
    }

    /// A database at 0012 takes migration 0013: its embeddings load from their rows until an
    /// image is stored, then from it, the same.
    func testMigrationAppliesToA0012Database() throws {
        let folder = try makeTemporaryFolder(self)
        let path = folder.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try CorpusStore.migrator.migrate(old, upTo: "0012_add_embedding_count_parameters")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO embeddings(embedding_id, name, source, parameters, dimensions, vocabulary_size, seconds)
                VALUES (3, 'old', 'import', '{}', 2, 2, 0.5);
                INSERT INTO embedding_vectors(embedding_id, row_index, word, vector) VALUES
                    (3, 0, 'water', x'0000803f00000000'), (3, 1, 'río', x'000000000000c0bf');
                """)
            XCTAssertFalse(try db.tableExists("embedding_images"))
        }
        try old.close()

        let store = try CorpusStore(path: path)
        let applied = try store.dbQueue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY 1") }
        XCTAssertEqual(applied.last, "0013_create_embedding_images")
        XCTAssertEqual(try imageRows(store), 0)
        let rows = try store.loadWordVectors(named: "old")
        XCTAssertFalse(rows.fromImage)
        XCTAssertEqual(rows.vectors.words, ["water", "río"])
        XCTAssertEqual(rows.vectors.vectors.elements, [1, 0, 0, -1])
        XCTAssertNil(rows.vectors.frequencies, "no corpus")
        try store.storeEmbeddingImage(of: rows.embedding)
        let image = try store.loadWordVectors(named: "old")
        XCTAssertTrue(image.fromImage)
        assertIdentical(image.vectors, rows.vectors, "after the migration")
        try store.dbQueue.read { db in XCTAssertNoThrow(try db.checkForeignKeys()) }
    }
}
