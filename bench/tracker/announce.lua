-- Incremental announces: a random peer of this thread's share moves its 50-segment
-- window one segment on (added the next, removed the oldest), as a listener does every
-- segment duration. Threads own disjoint peers, so each peer's window stays consistent.
dofile(os.getenv("BENCH_DIR") .. "/ids.lua")
local THREADS = tonumber(os.getenv("THREADS") or "2")
local offset = {}

function init(args)
  math.randomseed(tid * 15485863 + os.time())
end

function request()
  local n = math.random(0, math.floor(PEERS / THREADS) - 1) * THREADS + tid
  local moved = offset[n] or 0
  offset[n] = moved + 1
  local start = first_segment(n) + moved
  local body = string.format('{"peerId":"%s","trackId":"bench","rendition":"a128","region":"%s",'
    .. '"endpoint":"http://10.0.%d.%d:7001/p","uploadKbps":%d,"uploadedBytes":%d,"downloadedBytes":%d,'
    .. '"event":"update","added":["%s"],"removed":["%s"]}',
    peer(n), region(n), math.floor(n / 256) % 256, n % 256, 500 + n % 4000, (n % 97 + moved) * 1048576,
    (n % 89) * 1048576, segment(start + HELD), segment(start))
  return wrk.format("POST", "/v1/announce", headers_as(n), body)
end
