import Foundation

/// The head of one HTTP/1.1 request (request line and headers), as `firth serve` reads it.
///
/// Only what a GET needs: the method, the path and query decoded, the headers by lower-cased name.
/// A body is never read (the explorer takes none), so `Content-Length` only decides 413.
struct HTTPRequestHead: Sendable, Equatable {
    /// The most bytes of request line and headers read before answering 413: a query holds at
    /// most ``ExploreQuery/maximumLength`` characters, three times that once percent-encoded.
    static let maximumSize = 64 * 1024

    var method: String
    /// `HTTP/1.0` or `HTTP/1.1`, as the request line says.
    var version: String
    /// Percent-decoded, without the query (`/api/word`).
    var path: String
    /// Each parameter's first value, percent-decoded (`+` stays `+`, as before: the tokenizer
    /// splits on it).
    var query: [String: String]
    /// Lower-cased names; a repeated header keeps its last value.
    var headers: [String: String]

    /// Why a head is refused, with the status to answer.
    struct Refusal: Error, Equatable {
        var status: Int
        var message: String
    }

    /// The bytes before the blank line that ends the head (`\r\n\r\n`), or nil while incomplete.
    static func end(of buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Parses `bytes` (the head without its final blank line).
    init(parsing bytes: ArraySlice<UInt8>) throws {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Refusal(status: 400, message: "the request head is not UTF-8")
        }
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), !requestLine[0].isEmpty else {
            throw Refusal(status: 400, message: "malformed request line")
        }
        method = String(requestLine[0])
        version = String(requestLine[2])
        let target = String(requestLine[1])
        guard target.hasPrefix("/"), let components = URLComponents(string: target),
              let decodedPath = components.percentEncodedPath.removingPercentEncoding else {
            throw Refusal(status: 400, message: "malformed request target")
        }
        path = decodedPath
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
        self.query = query
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex, !line.first!.isWhitespace else {
                throw Refusal(status: 400, message: "malformed header line")
            }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
    }

    /// Whether the client wants the connection kept open after the answer: HTTP/1.1's default
    /// unless it sends `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    var keepsAlive: Bool {
        let options = (headers["connection"] ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if options.contains("close") { return false }
        return version == "HTTP/1.1" || options.contains("keep-alive")
    }

    /// Whether a body follows the head (which the server never reads).
    var hasBody: Bool {
        headers["transfer-encoding"] != nil || (headers["content-length"].map { $0 != "0" } ?? false)
    }

    /// Checks the `Host` header against DNS rebinding: a page of another site whose name was made
    /// to resolve to 127.0.0.1 would send its own name here, and is refused (403).
    ///
    /// Accepted: `localhost`, `127.0.0.1`, `[::1]`, the address listened on, and, when that is a
    /// wildcard (0.0.0.0, ::), any IP address (a name must be resolved, an address cannot be
    /// rebound); with a port, only `port`. HTTP/1.1 requires the header: without it, 400.
    func checkHost(listeningOn listenHost: String, port: Int) throws {
        guard let host = headers["host"]?.lowercased(), !host.isEmpty else {
            throw Refusal(status: 400, message: "no Host header")
        }
        var name = host, givenPort: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw Refusal(status: 400, message: "malformed Host header") }
            name = String(host[host.index(after: host.startIndex)..<close])
            let rest = host[host.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { throw Refusal(status: 400, message: "malformed Host header") }
                givenPort = number
            }
        } else if let colon = host.lastIndex(of: ":") {
            name = String(host[..<colon])
            guard let number = Int(host[host.index(after: colon)...]) else { throw Refusal(status: 400, message: "malformed Host header") }
            givenPort = number
        }
        let bound = listenHost.lowercased()
        let wildcard = bound == "0.0.0.0" || bound == "::" || bound == "0:0:0:0:0:0:0:0"
        let known = ["localhost", "127.0.0.1", "::1", bound].contains(name) || (wildcard && Self.isIPAddress(name))
        guard known, givenPort == nil || givenPort == port else {
            throw Refusal(status: 403, message: "host '\(host)' is not this server's address (DNS rebinding?); use http://127.0.0.1:\(port)/")
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address (not a name).
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
