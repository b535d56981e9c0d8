#ifndef CSDL2_SHIM_H
#define CSDL2_SHIM_H

#include <SDL.h>

// Swift cannot import function-like or composite macros; these helpers stand in for them.

static inline Uint32 csdl_init_everything(void) { return SDL_INIT_EVERYTHING; }
static inline int csdl_windowpos_centered(void) { return (int)SDL_WINDOWPOS_CENTERED; }
static inline int csdl_windowpos_undefined(void) { return (int)SDL_WINDOWPOS_UNDEFINED; }
static inline Uint32 csdl_button_mask(int button) { return SDL_BUTTON(button); }
static inline int csdl_save_bmp(SDL_Surface *surface, const char *file) { return SDL_SaveBMP(surface, file); }
static inline SDL_Surface *csdl_load_bmp(const char *file) { return SDL_LoadBMP(file); }
static inline int csdl_max_queued_events(void) { return 65535; }

// The host thread's timer slack (Linux): the kernel may delay a timed wait by this much (50 µs by
// default) to batch wake-ups. A GUI loop timing its own sleeps wants it near zero.
#ifdef __linux__
#include <sys/prctl.h>
static inline long csdl_get_timer_slack(void) { return (long)prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0); }
static inline int csdl_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}
#else
static inline long csdl_get_timer_slack(void) { return -1; }
static inline int csdl_set_timer_slack(unsigned long nanoseconds) { (void)nanoseconds; return -1; }
#endif

#endif
