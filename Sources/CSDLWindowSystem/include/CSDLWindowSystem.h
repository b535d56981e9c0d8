#ifndef CSDL_WINDOW_SYSTEM_H
#define CSDL_WINDOW_SYSTEM_H

// The window system behind an SDL window, kept out of the CSDL2 module: SDL_syswm.h brings Xlib's
// `Window`, `Font` and `Cursor` with it, names that would collide with Swift clients' own.

/// The X server connection's descriptor behind an SDL window (an `SDL_Window *`) under the x11
/// driver, or -1: the host then waits on it with its own wake-up eventfd instead of in
/// SDL_WaitEventTimeout, whose cross-thread wake-up is a round trip through the X server.
int csdl_x11_connection_fd(void *window);

#endif
