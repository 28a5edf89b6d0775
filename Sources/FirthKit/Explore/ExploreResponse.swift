import Foundation

/// One answer of the explorer: an HTTP status, a Content-Type and the bytes of the body.
///
/// Independent of any HTTP library, so ``Explorer`` can be tested by calling it directly and the
/// server (``ExploreServer``) only moves bytes.
public struct ExploreResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A JSON body that is already text (what the CLI's `--format json` prints).
    static func json(_ text: String, status: Int = 200) -> ExploreResponse {
        ExploreResponse(status: status, contentType: "application/json; charset=utf-8", body: Data(text.utf8))
    }

    /// A Codable value as JSON, keys in a fixed order so the same question gives the same bytes.
    static func json<T: Encodable>(_ value: T, status: Int = 200) -> ExploreResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain structs of strings and numbers cannot fail.
        return ExploreResponse(status: status, contentType: "application/json; charset=utf-8", body: try! encoder.encode(value))
    }
}

/// A request the explorer refuses, with the HTTP status to answer with (4xx: the request's fault).
///
/// Sent as `{"error": "...", "suggestions": [...]}`; the message is one line, as the CLI's.
public struct ExploreError: Error, Equatable, CustomStringConvertible, Encodable {
    public var status: Int
    public var error: String
    /// For an unknown word: the vocabulary words closest in spelling ("did you mean").
    public var suggestions: [String]?

    public init(status: Int, _ message: String, suggestions: [String]? = nil) {
        self.status = status
        self.error = message
        self.suggestions = suggestions
    }

    public var description: String { error }

    enum CodingKeys: String, CodingKey { case error, suggestions }

    /// The error as the explorer answers it: 404 for what is not there (an unknown word, a table
    /// not made yet), 400 for a bad parameter, 500 for a failure of the database; a Firth error
    /// in the words of `describe`.
    static func from(_ error: any Error, describe: (FirthError) -> String = { $0.description }) -> ExploreError {
        switch error {
        case let error as ExploreError: return error
        case let FirthError.unknownWord(word, suggestions):
            return ExploreError(status: 404, describe(FirthError.unknownWord(word, suggestions: suggestions)), suggestions: suggestions)
        case let error as FirthError:
            switch error {
            case .missing, .emptyCorpus, .noDatabase: return ExploreError(status: 404, describe(error))
            case .badInput, .invalidOption, .invalidParameter, .invalidParameters, .nameTaken: return ExploreError(status: 400, describe(error))
            default: return ExploreError(status: 500, describe(error))
            }
        default: return ExploreError(status: 500, "\(error)")
        }
    }
}
