import Foundation

/// Runs work on a thread of its own, and lets go of everything the work captured before the
/// thread ends.
///
/// Foundation's `Thread` keeps its block until the thread is torn down (a pthread key
/// destructor), after libdispatch has freed its own per-thread state. An object the block was
/// the last to hold is deinitialized there, and one that owns a dispatch queue — a
/// ``CorpusStore``, through GRDB's queue — then writes into freed memory. glibc noticed it
/// later and at random ("unaligned tcache chunk detected"); valgrind shows the write in
/// `_dispatch_barrier_async_detached_f` under `__nptl_deallocate_tsd`. Here the thread's block
/// holds only a box, which the thread empties as soon as the work returns: the work's captures
/// are released while the thread is still an ordinary thread.
///
/// ```swift
/// let done = DispatchSemaphore(value: 0)
/// DetachedThread.start(name: "firth.example") { print("on a thread of its own"); done.signal() }
/// done.wait()
/// ```
enum DetachedThread {
    /// Starts `work` on a new thread and returns at once.
    ///
    /// - Parameters:
    ///   - name: the thread's name, as debuggers and `top -H` show it.
    ///   - stackSize: bytes of stack, when the default is not enough (or too much).
    static func start(name: String? = nil, stackSize: Int? = nil, _ work: @escaping @Sendable () -> Void) {
        let box = TakeOnce(work)
        // `take()` hands the work over and forgets it; the closure and its captures are
        // released at the end of this statement, on this thread, before it ends.
        let thread = Thread { box.take()?() }
        if let name { thread.name = name }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }
}
