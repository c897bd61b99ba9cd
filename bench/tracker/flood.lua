-- One peer announcing as fast as wrk sends (issue 16's flood): heartbeats of a peer that
-- ignores its interval. FLOODER names it. The tracker refuses all but its burst (429).
local FLOODER = os.getenv("FLOODER") or "bench-flooder"
local BODY = string.format('{"peerId":"%s","trackId":"bench","rendition":"a128","region":"eu-west",'
  .. '"endpoint":"http://10.9.9.9:7001/p","uploadKbps":1000,"event":"update"}', FLOODER)
local HEADERS = { ["Content-Type"] = "application/json" }

function request()
  return wrk.format("POST", "/v1/announce", HEADERS, BODY)
end
