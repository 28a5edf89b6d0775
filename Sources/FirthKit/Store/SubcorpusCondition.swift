import Foundation
import GRDB

/// A condition on documents, `year >= 1945 and party = "Democrat"`, parsed into parameterized SQL.
///
/// The language is small on purpose, so that a condition can never be more than a filter:
///
/// ```
/// condition  := clause ( "or" clause )*
/// clause     := factor ( "and" factor )*
/// factor     := "not" factor | "(" condition ")" | field operator value
/// operator   := = | != | <> | < | <= | > | >=
/// value      := number | "text" | 'text' | word
/// ```
///
/// Fields: `year` (a `year` metadata field, else the four digits a file name starts with, as in
/// `1945-Truman.txt`), `source` (the path as ingested), `collection` (the `--corpus` label),
/// `document` (the id), `tokens` (the length), and any JSON Lines field or CSV column by name.
/// Field names and values become bound arguments or fixed SQL text, never spliced-in input: a
/// value is always a `?`, a metadata field a `?` JSON path. A number compares numerically (a
/// document whose field is not a number does not match); text compares as text. A document
/// without the field matches no comparison, `!=` included (SQL's NULL).
public struct SubcorpusCondition: Sendable, Equatable {
    /// The condition as given.
    public let text: String
    /// The WHERE clause over `documents d`, with `?` placeholders.
    let sql: String
    let arguments: [DatabaseValue]
    /// The metadata fields it names (other than the built-in ones), to check that they exist.
    let metadataFields: [String]
    /// Whether it reads `year`.
    let usesYear: Bool

    static let builtInFields: Set<String> = ["year", "source", "collection", "document", "tokens"]

    /// Parses `text`.
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` naming the token that is wrong and where it is.
    public init(_ text: String) throws {
        var parser = Parser(text: text, tokens: try Self.tokenize(text))
        let sql = try parser.condition()
        if let extra = parser.peek {
            throw parser.error("unexpected \(extra.quoted) after a complete condition; join conditions with 'and' or 'or'", at: extra)
        }
        self.text = text
        self.sql = sql
        self.arguments = parser.arguments
        self.metadataFields = parser.metadataFields
        self.usesYear = parser.usesYear
    }

    // MARK: - Tokens

    struct Token: Equatable {
        enum Kind: Equatable { case word, number, text, symbol }
        var kind: Kind
        var value: String
        var offset: Int

        var quoted: String { kind == .text ? "\"\(value)\"" : "'\(value)'" }
    }

    static func tokenize(_ text: String) throws -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var i = 0
        func fail(_ message: String) -> FirthError {
            .invalidOption("in the condition \"\(text)\": \(message) (at character \(i + 1))")
        }
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "\"" || c == "'" {
                i += 1
                var value = ""
                while i < characters.count && characters[i] != c { value.append(characters[i]); i += 1 }
                guard i < characters.count else { i = start; throw fail("the text starting with \(c) has no closing \(c)") }
                i += 1
                tokens.append(Token(kind: .text, value: value, offset: start))
            } else if "()".contains(c) {
                i += 1
                tokens.append(Token(kind: .symbol, value: String(c), offset: start))
            } else if "=!<>".contains(c) {
                var op = String(c)
                i += 1
                if i < characters.count, "=>".contains(characters[i]), op != "=" || characters[i] == "=" {
                    op.append(characters[i]); i += 1
                }
                guard ["=", "==", "!=", "<>", "<", "<=", ">", ">="].contains(op) else {
                    i = start; throw fail("'\(op)' is not an operator; use =, !=, <, <=, > or >=")
                }
                tokens.append(Token(kind: .symbol, value: op == "==" ? "=" : (op == "<>" ? "!=" : op), offset: start))
            } else if c.isNumber || ((c == "-" || c == "+" || c == ".") && i + 1 < characters.count && characters[i + 1].isNumber) {
                var value = String(c)
                i += 1
                while i < characters.count, characters[i].isNumber || ".eE".contains(characters[i])
                        || ("+-".contains(characters[i]) && "eE".contains(characters[i - 1])) {
                    value.append(characters[i]); i += 1
                }
                guard Double(value) != nil else { i = start; throw fail("'\(value)' is not a number") }
                tokens.append(Token(kind: .number, value: value, offset: start))
            } else if c.isLetter || c == "_" {
                var value = ""
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || "_-.".contains(characters[i]) {
                    value.append(characters[i]); i += 1
                }
                tokens.append(Token(kind: .word, value: value, offset: start))
            } else {
                throw fail("unexpected character '\(c)'; a condition is field operator value, joined by and/or")
            }
        }
        return tokens
    }

    // MARK: - Parsing into SQL

    struct Parser {
        let text: String
        let tokens: [Token]
        var index = 0
        var arguments: [DatabaseValue] = []
        var metadataFields: [String] = []
        var usesYear = false

        init(text: String, tokens: [Token]) {
            self.text = text
            self.tokens = tokens
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        func error(_ message: String, at token: Token?) -> FirthError {
            let place = token.map { " (at character \($0.offset + 1))" } ?? " (at the end)"
            return .invalidOption("in the condition \"\(text)\": \(message)\(place)")
        }

        mutating func keyword(_ word: String) -> Bool {
            guard let token = peek, token.kind == .word, token.value.lowercased() == word else { return false }
            index += 1
            return true
        }

        mutating func condition() throws -> String {
            var parts = [try clause()]
            while keyword("or") { parts.append(try clause()) }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        }

        mutating func clause() throws -> String {
            var parts = [try factor()]
            while keyword("and") { parts.append(try factor()) }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
        }

        mutating func factor() throws -> String {
            if keyword("not") { return "NOT coalesce(\(try factor()), 0)" }
            guard let token = peek else { throw error("a comparison (field operator value) is missing", at: nil) }
            if token.kind == .symbol && token.value == "(" {
                index += 1
                let inner = try condition()
                guard let close = peek, close.kind == .symbol, close.value == ")" else {
                    throw error("the '(' at character \(token.offset + 1) is not closed", at: peek)
                }
                index += 1
                return inner
            }
            return try comparison()
        }

        mutating func comparison() throws -> String {
            guard let field = peek, field.kind == .word || field.kind == .text else {
                throw error("expected a field name (year, source, collection, document, tokens or a metadata field), found \(peek?.quoted ?? "nothing")", at: peek)
            }
            if field.kind == .word, ["and", "or", "not"].contains(field.value.lowercased()) {
                throw error("expected a field name, found '\(field.value)'", at: field)
            }
            index += 1
            guard let op = peek, op.kind == .symbol, op.value != "(", op.value != ")" else {
                throw error("expected an operator (=, !=, <, <=, >, >=) after '\(field.value)', found \(peek?.quoted ?? "nothing")", at: peek)
            }
            index += 1
            guard let value = peek, value.kind != .symbol else {
                throw error("expected a value after '\(field.value) \(op.value)', found \(peek?.quoted ?? "nothing")", at: peek)
            }
            index += 1
            let numeric = value.kind == .number
            let name = field.value
            if name.contains("\"") { throw error("a field name cannot contain '\"'", at: field) }
            var expression: (sql: String, arguments: [DatabaseValue])
            switch (field.kind, name.lowercased()) {
            case (.word, "year"):
                usesYear = true
                expression = (Self.yearSQL, [])
            case (.word, "source"): expression = ("d.source", [])
            case (.word, "collection"): expression = ("d.collection", [])
            case (.word, "document"): expression = ("d.document_id", [])
            case (.word, "tokens"): expression = ("d.token_count", [])
            default:
                metadataFields.append(name)
                expression = ("json_extract(d.metadata, ?)", [("$.\"" + name + "\"").databaseValue])
            }
            if numeric {
                // A value counts as a number when it is one in JSON or is text spelling one (6 uses of it).
                let v = expression.sql
                let sql = """
                    (CASE WHEN typeof(\(v)) IN ('integer', 'real') THEN \(v) \
                    WHEN typeof(\(v)) = 'text' AND trim(\(v)) <> '' AND trim(\(v)) NOT GLOB '*[^0-9.eE+-]*' \
                    THEN CAST(trim(\(v)) AS REAL) END) \(op.value) ?
                    """
                arguments += Array(repeating: expression.arguments, count: 6).flatMap { $0 }
                arguments.append(Double(value.value)!.databaseValue)
                return sql
            }
            arguments += expression.arguments
            arguments.append(value.value.databaseValue)
            return "CAST(\(expression.sql) AS TEXT) \(op.value) ?"
        }

        /// The year of a document: its `year` metadata field if it has one, else the four digits
        /// its file name begins with (not followed by a fifth digit), else NULL.
        static let yearSQL: String = {
            let base = "substr(d.source, length(rtrim(d.source, replace(d.source, '/', ''))) + 1)"
            let field = "json_extract(d.metadata, '$.year')"
            return """
                coalesce(CASE WHEN typeof(\(field)) IN ('integer', 'real') THEN \(field) \
                WHEN typeof(\(field)) = 'text' AND trim(\(field)) GLOB '[0-9]*' AND trim(\(field)) NOT GLOB '*[^0-9]*' \
                THEN CAST(trim(\(field)) AS INTEGER) END, \
                CASE WHEN substr(\(base), 1, 4) GLOB '[0-9][0-9][0-9][0-9]' AND substr(\(base), 5, 1) NOT GLOB '[0-9]' \
                THEN CAST(substr(\(base), 1, 4) AS INTEGER) END)
                """
        }()
    }
}
