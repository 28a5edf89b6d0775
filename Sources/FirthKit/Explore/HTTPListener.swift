import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 server on POSIX sockets: persistent connections (keep-alive, as HTTP/1.1
/// makes the default), one thread per open connection, at most ``maximumConnections`` open and
/// ``workSlots`` handlers running at a time; bodies never read.
///
/// Enough for a local explorer and nothing else, written here rather than taken from a package:
/// no dependency to fetch and compile, and nothing of Foundation's networking (URLSession, which
/// needs libcurl) reaches the static binary. A connection's thread mostly waits in `recv` for
/// the next request, so connections are cheap to keep open; the handler's work (SQLite, BLAS)
/// is what costs CPU, and running more of it at once than there are cores only adds latency,
/// hence the separate, smaller limit on handlers.
final class HTTPListener: @unchecked Sendable {
    /// What the handler answers (Content-Length and Connection are added when it is sent).
    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: Data
    }

    /// Connections open at once (each a thread); the next waits in the listen backlog.
    static let maximumConnections = 256
    /// Requests answered on one connection before it is closed (as nginx's keepalive_requests),
    /// so one client cannot hold a thread forever.
    static let maximumRequestsPerConnection = 10_000
    /// Seconds a client may take to send its head or read the answer, and an idle persistent
    /// connection is kept open.
    static let socketTimeout = 10
    /// Handlers running at once: twice the cores, so one waiting on SQLite does not idle a core.
    static let workSlots = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)

    let host: String
    private let requestedPort: Int
    private let handler: @Sendable (HTTPRequestHead) -> Answer
    /// An answer that needs no work slot (kept from an earlier request, or nearest words, whose
    /// products limit how many run at once themselves); nil sends the request to `handler`.
    private let quick: @Sendable (HTTPRequestHead) -> Answer?
    private let lock = NSLock()
    private var socket: Int32 = -1
    private var stopping = false
    /// Open client sockets, shut down by ``stop(timeout:)`` to end idle persistent connections.
    private var clients: Set<Int32> = []
    private let inFlight = DispatchGroup()
    private let slots = DispatchSemaphore(value: HTTPListener.maximumConnections)
    private let work = DispatchSemaphore(value: HTTPListener.workSlots)
    /// The port listened on, known once ``start()`` returned.
    private(set) var port = 0

    init(host: String, port: Int, quick: @escaping @Sendable (HTTPRequestHead) -> Answer? = { _ in nil },
         handler: @escaping @Sendable (HTTPRequestHead) -> Answer) {
        self.host = host
        self.requestedPort = port
        self.quick = quick
        self.handler = handler
    }

    /// Whether `host` is an IPv4 or IPv6 address one can listen on.
    static func isValidHost(_ host: String) -> Bool { HTTPRequestHead.isIPAddress(host) }

    /// Opens, binds and listens, then accepts on a thread of its own; returns the port.
    func start() throws(ExploreServer.Failure) -> Int {
        let v6 = host.contains(":")
        #if os(Linux)
        let fd = Glibc.socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw failure(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(requestedPort).bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(requestedPort).bigEndian
            _ = inet_pton(AF_INET, host, &address.sin_addr)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw failure(code)
        }
        // The port chosen by the system when 0 was asked for.
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = withUnsafePointer(to: &storage) { pointer in
            v6 ? Int(UInt16(bigEndian: pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }))
               : Int(UInt16(bigEndian: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }))
        }
        lock.withLock { socket = fd }
        DetachedThread.start(name: "firth.serve.accept") { [self] in acceptLoop(fd) }
        return port
    }

    /// Stops accepting and waits up to `timeout` seconds for the requests being answered.
    func stop(timeout: TimeInterval) {
        let fd: Int32 = lock.withLock {
            stopping = true
            defer { socket = -1 }
            return socket
        }
        if fd >= 0 {
            // shutdown wakes the thread blocked in accept(); close frees the port.
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
        // Wake the connections waiting for a next request; one being answered finishes first.
        for client in lock.withLock({ clients }) { shutdown(client, Int32(SHUT_RD)) }
        _ = inFlight.wait(timeout: .now() + timeout)
    }

    private func failure(_ code: Int32) -> ExploreServer.Failure {
        code == EADDRINUSE ? .addressInUse(host: host, port: requestedPort)
                           : .cannotListen(host: host, port: requestedPort, reason: String(cString: strerror(code)))
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            slots.wait()
            let client = accept(fd, nil, nil)
            if client < 0 {
                slots.signal()
                if lock.withLock({ stopping }) { return }
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno != EINTR && errno != ECONNABORTED { usleep(50_000) }
                    continue
                }
                return
            }
            var timeout = timeval(tv_sec: Self.socketTimeout, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            #if !os(Linux)
            var yes: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            // Each answer is one send: no reason to let Nagle hold its last segment back.
            var noDelay: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            inFlight.enter()
            lock.withLock { _ = clients.insert(client) }
            DetachedThread.start(name: "firth.serve.connection") { [self] in
                serve(client)
                lock.withLock { _ = clients.remove(client) }
                close(client)
                inFlight.leave()
                slots.signal()
            }
        }
    }

    /// Answers the requests of one connection until the client closes it, asks to close it, sends
    /// a body, a head cannot be parsed, or it idles longer than ``socketTimeout``.
    private func serve(_ client: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var answered = 0
        while true {
            // A pipelining client may have sent the next head with the last one.
            var end = HTTPRequestHead.end(of: buffer)
            while end == nil {
                if buffer.count > HTTPRequestHead.maximumSize {
                    return write(client, Self.refusal(413, "the request head is larger than \(HTTPRequestHead.maximumSize) bytes"), head: nil, keepAlive: false)
                }
                let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return }  // closed, timed out or stopped before a whole head: nothing to answer
                buffer += chunk[0..<count]
                end = HTTPRequestHead.end(of: buffer)
            }
            guard let end, end <= HTTPRequestHead.maximumSize else {
                return write(client, Self.refusal(413, "the request head is larger than \(HTTPRequestHead.maximumSize) bytes"), head: nil, keepAlive: false)
            }
            let head: HTTPRequestHead
            do {
                head = try HTTPRequestHead(parsing: buffer[0..<end])
            } catch let refusal as HTTPRequestHead.Refusal {
                return write(client, Self.refusal(refusal.status, refusal.message), head: nil, keepAlive: false)
            } catch {
                return write(client, Self.refusal(400, "\(error)"), head: nil, keepAlive: false)
            }
            answered += 1
            // A body is never read, so the connection cannot find the next head after one: close.
            let keepAlive = head.keepsAlive && !head.hasBody && answered < Self.maximumRequestsPerConnection
                && !lock.withLock({ stopping })
            // A kept answer costs a lookup, a batched one waits for a product: neither queues
            // behind requests that compute.
            let answer: Answer
            if let ready = quick(head) {
                answer = ready
            } else {
                work.wait()
                answer = handler(head)
                work.signal()
            }
            write(client, answer, head: head, keepAlive: keepAlive)
            guard keepAlive else { return }
            buffer.removeFirst(end + 4)
        }
    }

    /// The answer to a request refused before it reached the handler: JSON, as the explorer's errors.
    static func refusal(_ status: Int, _ message: String) -> Answer {
        let json = ExploreResponse.json(ExploreError(status: status, message), status: status)
        return Answer(status: status, headers: [("Content-Type", json.contentType)], body: json.body)
    }

    private func write(_ client: Int32, _ answer: Answer, head: HTTPRequestHead?, keepAlive: Bool) {
        var text = "HTTP/1.1 \(answer.status) \(Self.phrase(answer.status))\r\n"
        for (name, value) in answer.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(answer.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Data(text.utf8)
        if head?.method != "HEAD" { bytes += answer.body }
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(client, raw.baseAddress! + offset, raw.count - offset, flags)
                if sent <= 0 { if sent < 0 && errno == EINTR { continue }; return }
                offset += sent
            }
        }
        if keepAlive { return }
        // Half-close, then read what the client still sends (an unread body) until it closes:
        // closing with unread bytes would reset the connection before the client read the answer.
        shutdown(client, Int32(SHUT_WR))
        var sink = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        while drained < 1 << 20 {
            let count = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            drained += count
        }
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Content Too Large"
        default: return status < 500 ? "Client Error" : "Internal Server Error"
        }
    }
}
