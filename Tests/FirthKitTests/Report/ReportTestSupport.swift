import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import FirthKit

/// The tutorial corpus counted and embedded with the tutorial's settings, in a fresh store.
func makeTutorialStore(_ test: XCTestCase, collection: String? = nil) throws -> (store: CorpusStore, table: CooccurrenceTable, vectors: WordVectors) {
    let store = try makeTemporaryStore(test)
    var options = Ingester.Options()
    options.collection = collection
    let report = try Ingester(store: store, options: options).ingest(paths: [packageRoot.appendingPathComponent("Corpora/tutorial").path])
    XCTAssertEqual(report.errors, [])
    let settings = TutorialDemo.Settings.tutorial
    let table = try CooccurrenceCounter(store: store).count(settings.count).table
    let embedding = try EmbeddingBuilder(store: store).embed(table: table, parameters: settings.embedding).embedding
    return (store, table, try store.wordVectors(named: embedding.name))
}

/// Parses `html` as XML: the report is written as well-formed XHTML, so a strict parser must accept it.
func parseXHTML(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLDocument {
    do {
        return try XMLDocument(data: Data(html.utf8), options: [])
    } catch {
        XCTFail("the report is not well-formed XML: \(error)", file: file, line: line)
        throw error
    }
}

extension XMLNode {
    /// Elements matching `path`, written with plain names (`//svg/rect`); namespaces are ignored
    /// by rewriting each step to `*[local-name()='…']`.
    func elements(_ path: String) throws -> [XMLElement] {
        let xpath = path.split(separator: "/", omittingEmptySubsequences: false).map { step -> String in
            guard !step.isEmpty, step != ".", step != ".." else { return String(step) }
            var name = String(step), predicate = ""
            if let bracket = name.firstIndex(of: "[") { predicate = String(name[bracket...]); name = String(name[..<bracket]) }
            return (name == "*" ? "*" : "*[local-name()='\(name)']") + predicate
        }.joined(separator: "/")
        return try nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    /// The value of attribute `name`, looked up by its local name.
    func attribute(_ name: String) -> String? {
        (self as? XMLElement)?.attributes?.first { $0.localName == name || $0.name == name }?.stringValue
    }

    /// The element with `id`.
    func element(id: String) throws -> XMLElement? {
        try nodes(forXPath: "//*[@id='\(id)']").first as? XMLElement
    }
}
