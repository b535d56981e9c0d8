// libdispatch (Linux) stops the process with SIGILL when it cannot get a file descriptor.
// A plain Swift program, without SDLConcurrency: every descriptor is taken, then tasks run on
// the global pool. Not part of CI; run it with scripts/fd-exhaustion/run.sh.
//
//   first-use  the pool's first worker registers libdispatch's pool monitor, whose event loop
//              (epoll, eventfd) is created then: _dispatch_epoll_init traps.
//   monitor    the pool is warmed first (its event loop exists); busy workers then make the
//              monitor read /proc/<tid>/stat: _dispatch_workq_monitor_pools traps.
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

setvbuf(stdout, nil, _IONBF, 0)
let mode = CommandLine.arguments.dropFirst().first ?? "first-use"
if mode == "monitor" {
    let warm = DispatchSemaphore(value: 0)
    DispatchQueue.global().async { warm.signal() }
    warm.wait()
}
var held: [Int32] = []
while true {
    let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
    if fd < 0 { break }
    held.append(fd)
}
print("\(mode): every file descriptor is taken (\(held.count) opened); starting tasks on the global pool")
let done = DispatchSemaphore(value: 0)
Task.detached {
    print("a detached task ran")
    for round in 1...5 {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try? await Task.sleep(for: .milliseconds(300)) } }
        }
        print("round \(round): 8 tasks slept")
    }
    done.signal()
}
done.wait()
print("\(mode): survived")
