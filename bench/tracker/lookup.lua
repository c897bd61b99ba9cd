-- GET /v1/peers for a random segment from a random region, excluding a random peer.
dofile(os.getenv("BENCH_DIR") .. "/ids.lua")
local COUNT = os.getenv("COUNT") or "5"

function init(args)
  math.randomseed(tid * 7919 + os.time())
end

function request()
  local n = math.random(0, PEERS - 1)
  local path = "/v1/peers?segment=" .. segment(math.random(0, SEGMENTS - 1)) .. "&region=" .. region(n)
    .. "&count=" .. COUNT .. "&exclude=" .. peer(n)
  return wrk.format("GET", path, headers_as(n))
end
