#include "CTaskCancellation.h"

#define CTC_SWIFT_CC __attribute__((swiftcall))
#define CTC_SWIFT_CONTEXT __attribute__((swift_context))

// The runtime's declarations (swift/Runtime/Concurrency.h): the handler is a Swift-convention
// function of its context.
typedef CTC_SWIFT_CC void (*ctc_runtime_handler)(void *CTC_SWIFT_CONTEXT context);
extern CTC_SWIFT_CC void *swift_task_addCancellationHandler(ctc_runtime_handler handler, void *context);
extern CTC_SWIFT_CC void swift_task_removeCancellationHandler(void *record);

// The one C handler the trampoline calls. Every caller passes the same function; it is stored on
// each add (an atomic store of the same value), before the runtime publishes the record.
static ctc_cancellation_handler ctc_target;

static CTC_SWIFT_CC void ctc_trampoline(void *CTC_SWIFT_CONTEXT context) {
    __atomic_load_n(&ctc_target, __ATOMIC_ACQUIRE)(context);
}

const void *ctc_add_cancellation_handler(ctc_cancellation_handler handler, void *context) {
    __atomic_store_n(&ctc_target, handler, __ATOMIC_RELEASE);
    return swift_task_addCancellationHandler(ctc_trampoline, context);
}

void ctc_remove_cancellation_handler(const void *record) {
    swift_task_removeCancellationHandler((void *)record);
}
