-- In-process timer for C Lua: runs arg[1]; prints "TIME <cpu seconds>" (os.clock, as the
-- anchors' time.lua) and "RSS <KiB>" (peak resident set, from /proc when present) to stderr.
local t0 = os.clock()
dofile(arg[1])
local t = os.clock() - t0
io.stderr:write(string.format("TIME %.6f\n", t))
local f = io.open("/proc/self/status")
if f then
  local hwm = f:read("a"):match("VmHWM:%s+(%d+)")
  f:close()
  if hwm then io.stderr:write("RSS " .. hwm .. "\n") end
end
