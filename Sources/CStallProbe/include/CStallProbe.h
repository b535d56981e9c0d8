#ifndef CSTALLPROBE_H
#define CSTALLPROBE_H

// What the stall detector learns about a job just before it runs, and how it names it afterwards.
//
// A task job's `ExecutorJob` is the `AsyncTask` itself. These reads follow the Swift 6.3 runtime's
// private layout on 64-bit Linux (verified against that runtime; the Swift side probes only when
// built by a 6.3 compiler, as on Linux a program runs on the runtime of the toolchain that built
// it, and `csp_prepare` checks the layout version the runtime exports for debuggers):
//
//   +32  JobFlags (uint32): kind in bits 0-7 (0 = task); bit 30 = the task was created with a name
//   +56  ResumeTask: the async function the job resumes into
//   +64  ResumeContext: for a task's first job, the runtime's entry adapter finds the task's
//        closure in the words just before it (entry point at -24, closure context at -16)
//   +96  ActiveTaskStatus (16 bytes, read atomically): flags (bit 0x200: the status-record lock
//        is held), then the innermost status record
//   record: +0 flags (kind in bits 0-7; 6 = task name), +8 parent record, +16 the name (char *)
//
// No lock is taken and no runtime function is called on the job's path. The name is read only
// from a task that is not running (the executor holds its job), whose status records only the
// task itself adds or removes; a record chain under another thread's lock is skipped.

#include <stddef.h>
#include <stdint.h>

/// A task name longer than this (in bytes, without the terminator) is cut.
#define CSP_NAME_CAPACITY 127
/// How many async frames are recorded: the function the job resumes into and its callers.
#define CSP_MAX_FRAMES 8

typedef struct csp_job_probe {
    /// The function the job resumes into (`frames[0]`), then the function each caller resumes
    /// into when its callee returns, innermost first; `frameCount` of them (0: unknown).
    const void *frames[CSP_MAX_FRAMES];
    uint8_t frameCount;
    /// Whether this is a task's first job; then `entry` holds its entry point and two words of
    /// its closure context (the closure's async function pointer is among them when the entry is
    /// the runtime's reabstraction thunk for an isolated closure).
    uint8_t isFirstJob;
    const void *entry[3];
    /// Whether `name` is the probed job's task's name.
    uint8_t hasName;
    /// Whether `name` was cut to CSP_NAME_CAPACITY bytes.
    uint8_t nameTruncated;
    /// The task whose name `name` holds, and its 32-bit ID: a cache, so that the jobs of one named
    /// task copy its name once (NULL: none).
    const void *namedTask;
    uint32_t namedTaskID;
    /// The name of `namedTask`, NUL-terminated.
    char name[CSP_NAME_CAPACITY + 1];
} csp_job_probe;

/// The runtime's two task-entry adapters (the resume function of a task's first job), set by
/// `csp_prepare`.
extern const void *csp_entry_adapters[2];

/// Whether the running Swift runtime has the layout these probes read (checked through the
/// variables it exports for debuggers); 1 when it has. Call before probing any job.
int csp_prepare(void);

/// Out of line, rare: a task's first job, or a named task other than the last one probed.
void csp_probe_entry(const void *task, csp_job_probe *probe);
void csp_probe_name(const void *task, uint32_t taskID, csp_job_probe *probe);

/// Records what is known about `job` before it runs: for an unnamed task's job, two loads per
/// async frame. Only for a runtime `csp_prepare` accepted.
static inline void csp_probe_job(const void *job, csp_job_probe *probe) {
    const char *bytes = (const char *)job;
    uint32_t flags = *(const uint32_t *)(bytes + 32);
    probe->hasName = 0;
    probe->isFirstJob = 0;
    if ((flags & 0xffu) != 0) {
        probe->frameCount = 0;
        return;
    }
    const void *resume = *(const void *const *)(bytes + 56);
    probe->frames[0] = resume;
    if (__builtin_expect(resume == csp_entry_adapters[0] || resume == csp_entry_adapters[1], 0)) {
        probe->frameCount = 0;
        csp_probe_entry(job, probe);
    } else {
        // AsyncContext: +0 the caller's context, +8 the function the caller resumes into.
        const void *const *context = *(const void *const *const *)(bytes + 64);
        unsigned count = 1;
        while (context != NULL && count < CSP_MAX_FRAMES) {
            const void *resumeParent = context[1];
            if (resumeParent == NULL) break;
            probe->frames[count++] = resumeParent;
            context = (const void *const *)context[0];
        }
        probe->frameCount = (uint8_t)count;
    }
    if (__builtin_expect((flags & (1u << 30)) != 0, 0)) {
        uint32_t taskID = *(const uint32_t *)(bytes + 36);
        if (probe->namedTask != job || probe->namedTaskID != taskID) csp_probe_name(job, taskID, probe);
        probe->hasName = probe->namedTask != NULL;
    }
}

/// Records that nothing is known about the next job.
static inline void csp_probe_clear(csp_job_probe *probe) {
    probe->frameCount = 0;
    probe->isFirstJob = 0;
    probe->hasName = 0;
}

/// The demangled name of the function (or async function pointer) at `address`
/// ("(1) await resume partial function for closure #1 () async -> () in App.run() async -> ()"),
/// the plain name of a C or C++ function, or NULL when no symbol covers it. `malloc`ed: the
/// caller frees it. Reads the ELF symbol tables of the file involved (milliseconds for a large
/// binary): report time only.
char *csp_symbol_name(const void *address);

/// For a task's first job: the closure the task runs (its demangled async function pointer, or
/// the entry point's name), or NULL. `malloc`ed.
char *csp_entry_function(const csp_job_probe *probe);

#endif
