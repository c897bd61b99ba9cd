-- POST /v1/peers/lookup for a window of WINDOW (default 8) upcoming segments.
dofile(os.getenv("BENCH_DIR") .. "/ids.lua")
local WINDOW = tonumber(os.getenv("WINDOW") or "8")

function init(args)
  math.randomseed(tid * 104729 + os.time())
end

function request()
  local n = math.random(0, PEERS - 1)
  local start = math.random(0, SEGMENTS - 1)
  local ids = {}
  for k = 0, WINDOW - 1 do
    ids[#ids + 1] = '"' .. segment(start + k) .. '"'
  end
  local body = string.format('{"segments":[%s],"region":"%s","count":5,"exclude":"%s"}', table.concat(ids, ","),
    region(n), peer(n))
  return wrk.format("POST", "/v1/peers/lookup", JSON, body)
end
