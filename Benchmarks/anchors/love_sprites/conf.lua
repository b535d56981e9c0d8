-- A window (under Xvfb in the benchmarks) without vsync: frames as fast as the work allows.
function love.conf(t)
    t.window.title = "love_sprites"
    t.window.width = 1280
    t.window.height = 720
    t.window.vsync = 0
    t.modules.audio = false
    t.modules.sound = false
    t.modules.joystick = false
    t.modules.physics = false
end
