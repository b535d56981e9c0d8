import CSDL2

// MARK: - Frames (the frame phase of a turn)

extension SDLHost {
    /// The frame phase: if coroutines await a frame and one is due, resumes them all (they run now,
    /// in order) and marks every window dirty, so the draw phase of this turn shows their step.
    func deliverDueFrame() {
        guard executor.hasFrameWaiters else { return }
        updateFramePacing()
        guard executor.deliverFrameIfDue() != nil else { return }
        // `@MainActor` waiters hop to the main queue after their resume; queue its drain now so they
        // too take their step in this turn's guest drain.
        if let mainQueue, mainQueue.drainIfSignalled() {
            executor.drain(maxJobs: configuration.maxJobsPerTurn, deadline: .max)
        }
        setAllWindowsNeedDisplay()
    }

    /// The frame pace for this frame: the configured ``Configuration/frameInterval``, else vsync when
    /// the main window's renderer presents with it, else the refresh rate of the main window's
    /// display (60 Hz when SDL does not know it, as under the dummy driver, and under virtual time).
    private func updateFramePacing() {
        if let interval = configuration.frameInterval {
            executor.setFramePacing(interval: interval)
            return
        }
        let pace = Self.displayPace(window: window, renderer: renderer)
        if executor.isVirtual.load(ordering: .relaxed) {
            executor.setFramePacing(interval: .nanoseconds(Int64(FrameClock.defaultInterval)))
        } else {
            executor.setFramePacing(interval: pace.interval, pacedByVSync: pace.vsync)
        }
    }

    /// The frame interval of `window`'s display and whether `renderer` presents with vsync.
    static func displayPace(window: OpaquePointer?, renderer: OpaquePointer?) -> (interval: Duration, vsync: Bool) {
        var vsync = false
        if let renderer {
            var info = SDL_RendererInfo()
            if SDL_GetRendererInfo(renderer, &info) == 0 {
                // SDL 2.26's software renderer reports PRESENTVSYNC, but its present (a window
                // surface update) never waits for the vertical blank: pace it by the refresh rate.
                let software = info.flags & SDL_RENDERER_SOFTWARE.rawValue != 0
                vsync = !software && info.flags & SDL_RENDERER_PRESENTVSYNC.rawValue != 0
            }
        }
        var hertz: Int32 = 0
        var mode = SDL_DisplayMode()
        if let window, SDL_GetWindowDisplayMode(window, &mode) == 0 {
            hertz = mode.refresh_rate
        } else if SDL_GetCurrentDisplayMode(0, &mode) == 0 {
            hertz = mode.refresh_rate
        }
        // 0 means "unknown" to SDL (the dummy driver, some X servers): assume the common 60 Hz.
        let interval: Duration = hertz > 0
            ? .nanoseconds((1_000_000_000 + Int64(hertz) / 2) / Int64(hertz))
            : .nanoseconds(Int64(FrameClock.defaultInterval))
        return (interval, vsync)
    }
}
