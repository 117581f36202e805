-- wrk script for bench/portal: each request asks for a path picked at
-- random from the file BENCH_PATHS names (one path a line), e.g. a sample
-- of one dealer's order pages.
local paths = {}
local file = os.getenv("BENCH_PATHS")
if file == nil then
  error("BENCH_PATHS must name a file of paths")
end
for line in io.lines(file) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end
if #paths == 0 then
  error("no paths in " .. file)
end

function init(args)
  -- Each thread has its own Lua state; give each its own draw.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
