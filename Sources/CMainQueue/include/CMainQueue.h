#ifndef CMAINQUEUE_H
#define CMAINQUEUE_H

// libdispatch's main-queue hooks, as swift-corelibs-foundation's CFRunLoop uses them on Linux.
// libdispatch exports these symbols; no installed header declares them.
//
// - the port is an eventfd (EFD_CLOEXEC | EFD_NONBLOCK) that libdispatch writes when the main
//   queue goes from empty to non-empty, and again after a drain that left work behind;
// - the callback drains one snapshot of the main queue. It must run on the main thread, and never
//   after dispatch_main(); a nested call returns at once.

#include <stdint.h>

/// The main queue's eventfd (created on first call).
int cmq_main_queue_port(void);
/// Drains one snapshot of Dispatch's main queue. Main thread only.
void cmq_drain_main_queue(void);
/// Reads (acknowledges) an eventfd without blocking: its count, 0 if it was not signalled, -1 on error.
int64_t cmq_eventfd_try_read(int fd);
/// A new eventfd for stopping a parked helper thread, or -1.
int cmq_eventfd_new(void);
/// Signals an eventfd.
void cmq_eventfd_signal(int fd);
/// Blocks until `watched` or `stop` is readable. Returns 1 for `watched`, 0 for `stop`, -1 on error.
int cmq_wait_readable(int watched, int stop);
/// Whether the calling thread is the process's main thread (the one that entered main).
int cmq_is_main_thread(void);
/// Blocks until one of `count` (≤ 4) descriptors is readable or `timeoutNanoseconds` pass (< 0: no
/// timeout), never early (ppoll; the kernel may add 0.1 % of the timeout). Returns how many are
/// readable, 0 on timeout (or a signal), -1 on error.
int cmq_wait_any_readable(const int *fds, int count, int64_t timeoutNanoseconds);

#endif
