import Foundation
import FlyingFox
import FlyingSocks
import FirthAssets

/// The HTTP side of `firth serve`: the embedded pages at `/`, the ``Explorer``'s JSON at `/api/`.
///
/// FlyingFox (BSD sockets and Swift concurrency, no SwiftNIO) keeps the first build short. The
/// explorer's work is synchronous (SQLite, BLAS), so each request runs on a Dispatch worker and
/// the few threads of Swift's cooperative pool stay free to accept connections.
///
/// ```swift
/// let server = ExploreServer(explorer: explorer, host: "127.0.0.1", port: 8080)
/// let port = try await server.start()   // throws ExploreServer.Failure.addressInUse
/// await server.stop()
/// ```
public final class ExploreServer: Sendable {
    /// Why the server could not start.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Another program listens on the port.
        case addressInUse(host: String, port: Int)
        /// The host is not an IPv4 or IPv6 address.
        case badHost(String)
        /// The socket could not be opened or bound (the reason as the system says it).
        case cannotListen(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case let .addressInUse(host, port): return "port \(port) on \(host) is already in use by another program"
            case let .badHost(host): return "'\(host)' is not an IP address to listen on (such as 127.0.0.1, 0.0.0.0 or ::1)"
            case let .cannotListen(host, port, reason): return "cannot listen on \(host) port \(port): \(reason)"
            }
        }
    }

    public let explorer: Explorer
    public let host: String
    public let port: Int
    private let server: HTTPServer
    private let failure = FailureBox()

    /// A server for `explorer` on `host` (an IP address) and `port` (0: any free port).
    public init(explorer: Explorer, host: String = "127.0.0.1", port: Int = 8080) throws {
        self.explorer = explorer
        self.host = host
        self.port = port
        let address: any SocketAddress
        do {
            if host.contains(":") {
                address = try sockaddr_in6.inet6(ip6: host, port: UInt16(port))
            } else {
                address = try sockaddr_in.inet(ip4: host, port: UInt16(port))
            }
        } catch {
            throw Failure.badHost(host)
        }
        server = HTTPServer(address: address, timeout: 30, logger: QuietLogger(), handler: Handler(explorer: explorer))
    }

    /// Starts listening and returns the port (the one chosen by the system when `port` was 0).
    public func start() async throws -> Int {
        let failure = self.failure, server = self.server
        Task {
            do { try await server.run() } catch { failure.set(error) }
        }
        while true {
            if await server.isListening, let address = await server.listeningAddress {
                switch address {
                case let .ip4(_, port), let .ip6(_, port): return Int(port)
                case .unix: return port
                }
            }
            if let error = failure.error {
                if let socketError = error as? SocketError, case let .failed(_, code, message) = socketError {
                    throw code == EADDRINUSE ? Failure.addressInUse(host: host, port: port)
                                             : Failure.cannotListen(host: host, port: port, reason: message)
                }
                throw Failure.cannotListen(host: host, port: port, reason: "\(error)")
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Closes the listening socket and lets open requests finish (at most `timeout` seconds).
    public func stop(timeout: TimeInterval = 2) async {
        await server.stop(timeout: timeout)
    }

    /// The error `run()` ended with, set from its task.
    private final class FailureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }
        func set(_ error: any Error) { lock.lock(); stored = error; lock.unlock() }
    }
}

/// Routes a request: `/api/…` to the explorer, other paths to the embedded files.
private struct Handler: HTTPHandler {
    let explorer: Explorer

    /// Pages may load only their own scripts and styles and talk only to this server.
    static let securityHeaders: [HTTPHeader: String] = [
        HTTPHeader("Content-Security-Policy"): "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
        HTTPHeader("X-Content-Type-Options"): "nosniff",
        HTTPHeader("Referrer-Policy"): "no-referrer",
        HTTPHeader("Cache-Control"): "no-store",
    ]

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return response(.json(ExploreError(status: 405, "only GET is served: the explorer never changes the database"), status: 405))
        }
        if request.path.hasPrefix("/api/") {
            var values: [String: String] = [:]
            for item in request.query where values[item.name] == nil { values[item.name] = item.value }
            let explorer = self.explorer, path = request.path, query = ExploreQuery(values)
            // Off the cooperative pool: SQLite and BLAS block their thread.
            let answer = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: explorer.respond(path: path, query: query)) }
            }
            return response(answer)
        }
        let name = request.path == "/" ? "index.html" : String(request.path.dropFirst())
        if let file = FirthAssets.file(named: name) {
            return response(ExploreResponse(status: 200, contentType: file.contentType, body: file.data))
        }
        return response(ExploreResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Data("not found: \(request.path)\n".utf8)))
    }

    private func response(_ answer: ExploreResponse) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in Self.securityHeaders { headers[name] = value }
        headers[.contentType] = answer.contentType
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: headers, body: answer.body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Content Too Large"
        default: return status < 500 ? "Client Error" : "Internal Server Error"
        }
    }
}

/// FlyingFox's log lines would mix with the command's own output: the server says nothing itself.
private struct QuietLogger: Logging {
    func logDebug(_ debug: @autoclosure () -> String) {}
    func logInfo(_ info: @autoclosure () -> String) {}
    func logWarning(_ warning: @autoclosure () -> String) {}
    func logError(_ error: @autoclosure () -> String) {}
    func logCritical(_ critical: @autoclosure () -> String) {}
}
