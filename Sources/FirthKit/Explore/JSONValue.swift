import Foundation

/// Any JSON value, to pass stored parameters (canonical JSON text in the database) through the
/// API as objects rather than as strings inside strings.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text; text that is not JSON comes through as a string.
    init(parsing text: String) {
        self = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }

    /// Any Encodable value, through its JSON.
    init<T: Encodable>(encoding value: T) {
        let data = (try? JSONEncoder().encode(value)) ?? Data("null".utf8)
        self = (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }

    /// The same value with every object key in snake_case (`minCount` → `min_count`): the API's
    /// keys are spelled as the CLI's JSON columns, whatever the stored JSON spells them.
    var snakeCased: JSONValue {
        switch self {
        case let .array(values): return .array(values.map(\.snakeCased))
        case let .object(members):
            return .object(Dictionary(members.map { (Self.snakeCase($0.key), $0.value.snakeCased) }, uniquingKeysWith: { a, _ in a }))
        default: return self
        }
    }

    /// `holdOut` → `hold_out`; a key already in snake_case is unchanged.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase {
                if !out.isEmpty { out += "_" }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }
}
