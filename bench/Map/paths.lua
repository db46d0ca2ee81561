-- wrk: each thread walks the tile path list from its own offset, so every run requests the same tiles.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local counter = 0
local offset = 0
function setup(thread)
  thread:set("offset", offset)
  offset = offset + math.floor(#paths / 4)
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(offset + counter) % #paths + 1])
end
