#define _GNU_SOURCE
#include "CMainQueue.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern int _dispatch_get_main_queue_port_4CF(void);
extern void _dispatch_main_queue_callback_4CF(void *msg);

int cmq_main_queue_port(void) { return _dispatch_get_main_queue_port_4CF(); }

void cmq_drain_main_queue(void) { _dispatch_main_queue_callback_4CF(0); }

int64_t cmq_eventfd_try_read(int fd) {
    eventfd_t value = 0;
    for (;;) {
        ssize_t got = read(fd, &value, sizeof value);
        if (got == (ssize_t)sizeof value) return (int64_t)value;
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        return -1;
    }
}

int cmq_eventfd_new(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

void cmq_eventfd_signal(int fd) {
    eventfd_t one = 1;
    while (write(fd, &one, sizeof one) < 0 && errno == EINTR) {}
}

int cmq_wait_readable(int watched, int stop) {
    struct pollfd fds[2] = {{.fd = stop, .events = POLLIN}, {.fd = watched, .events = POLLIN}};
    for (;;) {
        int ready = poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return -1;
        if (fds[0].revents) return 0;
        if (fds[1].revents & (POLLERR | POLLNVAL)) return -1;
        if (fds[1].revents) return 1;
    }
}

int cmq_is_main_thread(void) { return (pid_t)syscall(SYS_gettid) == getpid(); }

static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static int poll_for(struct pollfd *set, int count, int64_t nanoseconds) {
    struct timespec timeout = {(time_t)(nanoseconds / 1000000000), (long)(nanoseconds % 1000000000)};
    int ready = ppoll(set, (nfds_t)count, nanoseconds >= 0 ? &timeout : NULL, NULL);
    if (ready < 0 && errno == EINTR) return 0;
    return ready;
}

int cmq_wait_any_readable(const int *fds, int count, int64_t timeoutNanoseconds) {
    struct pollfd set[4];
    if (count < 1 || count > 4) return -1;
    for (int i = 0; i < count; i++) set[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    return poll_for(set, count, timeoutNanoseconds < 0 ? -1 : timeoutNanoseconds);
}
