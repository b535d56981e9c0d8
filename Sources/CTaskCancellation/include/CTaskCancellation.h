#ifndef CTASKCANCELLATION_H
#define CTASKCANCELLATION_H

// A task cancellation handler registered the way `withTaskCancellationHandler` registers it,
// through the Swift runtime's own entry points (libswift_Concurrency exports them; no installed
// header declares them). On Linux that function is not inlined: each call costs a call, a closure
// and three executor checks, about a third of a frame wait's cost. The frame wait (SDLConcurrency's
// `SDLExecutor.awaitFrame`) registers its handler with these two calls instead.
//
// Rules, as for the runtime's functions: call both from the task itself, add before the wait and
// remove after it, in stack order with the task's other records and task allocations (nothing the
// task allocated in between may outlive the record); `context` must stay valid until the record is
// removed. If the task is already cancelled, `handler` runs at once, inside the add call.

/// A cancellation handler: runs once, on the cancelling thread, with the task's status lock held
/// (it must not block, and must not touch the cancelled task's status).
typedef void (*ctc_cancellation_handler)(void *context);

/// Registers `handler(context)` as a cancellation handler of the current task; returns its record.
const void *ctc_add_cancellation_handler(ctc_cancellation_handler handler, void *context);

/// Removes (and frees) the record `ctc_add_cancellation_handler` returned: the current task's newest.
void ctc_remove_cancellation_handler(const void *record);

#endif
