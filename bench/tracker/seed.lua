-- Registers every peer once ("started" with its 50 segments), then stops.
-- Threads split the peers: thread t announces peers t, t + THREADS, t + 2 THREADS ...
dofile(os.getenv("BENCH_DIR") .. "/ids.lua")
local THREADS = tonumber(os.getenv("THREADS") or "2")
local next_peer, answered, failed

function init(args)
  next_peer = tid
  answered = 0
  failed = 0
end

function request()
  local n = next_peer
  if n >= PEERS then
    return wrk.format("GET", "/actuator/health/liveness")
  end
  next_peer = n + THREADS
  local have = {}
  local start = first_segment(n)
  for k = 0, HELD - 1 do
    have[#have + 1] = '"' .. segment(start + k) .. '"'
  end
  local body = string.format('{"peerId":"%s","trackId":"bench","rendition":"a128","region":"%s",'
    .. '"endpoint":"http://10.0.%d.%d:7001/p","uploadKbps":%d,"uploadedBytes":%d,"downloadedBytes":%d,'
    .. '"event":"started","have":[%s]}',
    peer(n), region(n), math.floor(n / 256) % 256, n % 256, 500 + n % 4000, (n % 97) * 1048576,
    (n % 89) * 1048576, table.concat(have, ","))
  return wrk.format("POST", "/v1/announce", headers_as(n), body)
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  end
  if next_peer >= PEERS then
    wrk.thread:stop()
  end
end
