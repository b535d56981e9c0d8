#include "CSDLWindowSystem.h"
#include <SDL.h>
#include <SDL_syswm.h>

int csdl_x11_connection_fd(void *window) {
#if defined(SDL_VIDEO_DRIVER_X11)
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (window == NULL || SDL_GetWindowWMInfo((SDL_Window *)window, &info) != SDL_TRUE
        || info.subsystem != SDL_SYSWM_X11 || info.info.x11.display == NULL)
        return -1;
    return ConnectionNumber(info.info.x11.display);
#else
    (void)window;
    return -1;
#endif
}
