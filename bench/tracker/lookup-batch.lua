-- POST /v1/peers/lookup for a window of WINDOW (default 8) upcoming segments; with CLAIM=1
-- the lookup also offers to load them all and asks for one claim (a listener's claiming
-- lookup: a store write, and the loaders of every segment).
dofile(os.getenv("BENCH_DIR") .. "/ids.lua")
local WINDOW = tonumber(os.getenv("WINDOW") or "8")
local CLAIM = os.getenv("CLAIM") == "1"

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
  local window = table.concat(ids, ",")
  local claim = CLAIM and string.format(',"claim":[%s],"claimMax":1', window) or ""
  local body = string.format('{"segments":[%s],"region":"%s","count":5,"exclude":"%s"%s}', window, region(n),
    peer(n), claim)
  return wrk.format("POST", "/v1/peers/lookup", headers_as(n), body)
end
