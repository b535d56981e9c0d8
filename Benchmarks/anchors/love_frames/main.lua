-- LÖVE 11.4 anchor for frame-cost: N Lua coroutines, each resumed once per frame in love.update,
-- the way per-entity scripts run in LÖVE games.
--
--   love Benchmarks/anchors/love_frames [--count N] [--frames F]
--
-- Prints nanoseconds per coroutine-frame for F frames after a warm-up frame, and fails (exit 1) if
-- any coroutine saw a frame number out of sequence.
local count, frames = 10000, 60
local coroutines, positions, last = {}, {}, {}
local frame, started, misses = 0, nil, 0

function love.load(arguments)
    local i = 1
    while arguments[i] do
        if arguments[i] == "--count" then count = tonumber(arguments[i + 1]); i = i + 2
        elseif arguments[i] == "--frames" then frames = tonumber(arguments[i + 1]); i = i + 2
        else io.stderr:write("usage: love love_frames [--count N] [--frames F]\n"); love.event.quit(2); return end
    end
    for index = 1, count do
        positions[index], last[index] = 0, 0
        coroutines[index] = coroutine.create(function(number)
            while true do
                if last[index] ~= 0 and number ~= last[index] + 1 then misses = misses + 1 end
                last[index] = number
                positions[index] = positions[index] + number
                number = coroutine.yield()
            end
        end)
    end
end

function love.update(dt)
    frame = frame + 1
    if frame == 2 then started = love.timer.getTime() end
    local resume = coroutine.resume
    for index = 1, count do resume(coroutines[index], frame) end
    if frame == frames + 1 then
        local elapsed = love.timer.getTime() - started
        for index = 1, count do
            if last[index] ~= frame then misses = misses + 1 end
        end
        if misses > 0 then
            print(string.format("love: %d frames skipped", misses))
            love.event.quit(1)
            return
        end
        print(string.format("love %s, %d coroutines x %d frames: %.0f ns per coroutine-frame",
            jit and jit.version or _VERSION, count, frames, elapsed * 1e9 / (count * frames)))
        love.event.quit(0)
    end
end
