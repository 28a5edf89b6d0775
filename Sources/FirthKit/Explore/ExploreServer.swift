import COpenBLAS
import Foundation
import FirthAssets

/// The HTTP side of `firth serve`: the embedded pages at `/`, the ``Explorer``'s JSON at `/api/`.
///
/// HTTP comes from `HTTPListener` (internal), Firth's own few hundred lines on POSIX sockets: a package
/// would cost a first build its compile time, and FlyingFox (tried first) pulled Foundation's
/// networking, and so libcurl, into the static binary.
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
    private let listener: HTTPListener

    /// A server for `explorer` on `host` (an IP address) and `port` (0: any free port).
    public init(explorer: Explorer, host: String = "127.0.0.1", port: Int = 8080) throws {
        guard HTTPListener.isValidHost(host) else { throw Failure.badHost(host) }
        self.explorer = explorer
        self.host = host
        self.port = port
        // The router needs the port actually bound (for the Host check), known after start.
        let box = PortBox()
        listener = HTTPListener(host: host, port: port, quick: { head in
            Router(explorer: explorer, host: host, port: box.port).quickAnswer(head)
        }) { head in
            Router(explorer: explorer, host: host, port: box.port).answer(head)
        }
        self.box = box
    }

    private let box: PortBox

    /// Starts listening and returns the port (the one chosen by the system when `port` was 0).
    ///
    /// While the server runs, OpenBLAS uses one thread per call (restored by ``stop(timeout:)``;
    /// the setting is the process's): the server's parallelism is its requests, each on a core.
    /// With OpenBLAS's default of a thread per core, every request's matrix–vector product
    /// was split over OpenBLAS's own threads, which serve one call at a time: concurrent
    /// requests queued on them, and their threads spun (sched_yield) waiting for work, so
    /// nearest-word answers ran at a few dozen a second under load instead of thousands.
    public func start() async throws -> Int {
        let bound = try listener.start()
        box.port = bound
        box.blasThreads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        return bound
    }

    /// OpenBLAS's threads per call, as it is now set.
    static var blasThreads: Int32 { openblas_get_num_threads() }

    /// Closes the listening socket and lets open requests finish (at most `timeout` seconds).
    public func stop(timeout: TimeInterval = 2) async {
        listener.stop(timeout: timeout)
        if let threads = box.blasThreads { openblas_set_num_threads(threads) }
    }

    /// The bound port, written once by `start` before any request is accepted, and OpenBLAS's
    /// thread count before the server set it to one.
    private final class PortBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = 0
        private var threads: Int32?
        var port: Int {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
        var blasThreads: Int32? {
            get { lock.withLock { threads } }
            set { lock.withLock { threads = newValue } }
        }
    }
}

/// Routes a request: `/api/…` to the explorer, other paths to the embedded files.
private struct Router {
    let explorer: Explorer
    let host: String
    let port: Int

    /// Pages may load only their own scripts and styles and talk only to this server.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    func answer(_ request: HTTPRequestHead) -> HTTPListener.Answer {
        do {
            try request.checkHost(listeningOn: host, port: port)
        } catch let refusal as HTTPRequestHead.Refusal {
            return response(.json(ExploreError(status: refusal.status, refusal.message), status: refusal.status))
        } catch {
            return response(.json(ExploreError(status: 400, "\(error)"), status: 400))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return response(.json(ExploreError(status: 405, "only GET is served: the explorer never changes the database"), status: 405))
        }
        if request.path.hasPrefix("/api/") {
            return response(explorer.respond(path: request.path, query: ExploreQuery(request.query)))
        }
        let name = request.path == "/" ? "index.html" : String(request.path.dropFirst())
        if let file = FirthAssets.file(named: name) {
            return response(ExploreResponse(status: 200, contentType: file.contentType, body: file.data))
        }
        return response(ExploreResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Data("not found: \(request.path)\n".utf8)))
    }

    /// The explorer's quick answer (nearest words: kept, or batched from loaded vectors), for a
    /// request that passes every check `answer` makes; nil for anything else.
    func quickAnswer(_ request: HTTPRequestHead) -> HTTPListener.Answer? {
        guard request.method == "GET" || request.method == "HEAD", request.path.hasPrefix("/api/"),
              (try? request.checkHost(listeningOn: host, port: port)) != nil else { return nil }
        return explorer.quickAnswer(path: request.path, query: ExploreQuery(request.query)).map(response)
    }

    private func response(_ answer: ExploreResponse) -> HTTPListener.Answer {
        var headers = Self.securityHeaders
        headers.append(("Content-Type", answer.contentType))
        if answer.status == 405 { headers.append(("Allow", "GET, HEAD")) }
        return HTTPListener.Answer(status: answer.status, headers: headers, body: answer.body)
    }
}
