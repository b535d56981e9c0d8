-- LÖVE 11.4 anchor for W9: how many sprites, each moved by its own Lua coroutine resumed once per
-- frame in love.update and drawn as a 4 × 4 rectangle, keep a frame within 1/60 s.
--
--   xvfb-run -s "-screen 0 1280x800x24" love Benchmarks/anchors/love_sprites [--frames F]
--
-- Doubles N from 1,000 while the median frame of F frames stays within 16.7 ms, then bisects; prints
-- the largest N that held, and fails (exit 1) if a coroutine ever saw a frame out of sequence.
local frames = 120
local count, low, high = 1000, 0, nil
local coroutines, xs, ys, last = {}, {}, {}, {}
local frame, times, misses, started = 0, {}, 0, nil

local function build(n)
    coroutines, xs, ys, last = {}, {}, {}, {}
    for index = 1, n do
        xs[index], ys[index], last[index] = (index * 7) % 1280, (index * 13) % 720, 0
        coroutines[index] = coroutine.create(function(number)
            while true do
                if last[index] ~= 0 and number ~= last[index] + 1 then misses = misses + 1 end
                last[index] = number
                xs[index] = (xs[index] + 1) % 1280
                number = coroutine.yield()
            end
        end)
    end
    frame, times = 0, {}
end

function love.load(arguments)
    local i = 1
    while arguments[i] do
        if arguments[i] == "--frames" then frames = tonumber(arguments[i + 1]); i = i + 2
        else io.stderr:write("usage: love love_sprites [--frames F]\n"); love.event.quit(2); return end
    end
    build(count)
end

function love.update(dt)
    if started then times[#times + 1] = love.timer.getTime() - started end
    started = love.timer.getTime()
    frame = frame + 1
    local resume = coroutine.resume
    for index = 1, count do resume(coroutines[index], frame) end
    if #times >= frames then
        table.sort(times)
        local median = times[math.floor(#times / 2) + 1]
        if median <= 1 / 60 then low = count else high = count end
        if high == nil then count = count * 2
        elseif high - low <= math.max(1000, low / 20) then
            if misses > 0 then print(string.format("love: %d frames skipped", misses)); love.event.quit(1); return end
            print(string.format("love %s: %d sprites at 60 fps (median frame <= 16.7 ms over %d frames; %d did not hold)",
                jit and jit.version or _VERSION, low, frames, high))
            love.event.quit(0)
            return
        else count = math.floor((low + high) / 2) end
        build(count)
        started = nil
    end
end

function love.draw()
    love.graphics.clear(0.1, 0.1, 0.12)
    love.graphics.setColor(0.3, 0.6, 1.0)
    local rectangle = love.graphics.rectangle
    for index = 1, count do rectangle("fill", xs[index], ys[index], 4, 4) end
end
