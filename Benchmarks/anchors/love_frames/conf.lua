-- No window, no drawing: the figure is the cost of resuming coroutines once per frame, as
-- frame-cost's rows measure it (LÖVE's own loop still runs love.update once per frame).
function love.conf(t)
    t.window = nil
    t.modules.window = false
    t.modules.graphics = false
    t.modules.audio = false
    t.modules.sound = false
    t.modules.joystick = false
    t.modules.physics = false
end
