-- wrk script: GET /v1/route for 10 000 distinct track ids over the three local regions,
-- plus one request in eight with an unknown region (default + hint).
local regions = { "us-east", "eu-west", "ap-south", "us-east", "eu-west", "ap-south", "us-east", "mars" }
local counter = 0

-- WRK_PAUSE_MS set: each connection waits that long after every answer, which holds the
-- request rate at about connections / (pause + latency) instead of the router's maximum
local pause = tonumber(os.getenv("WRK_PAUSE_MS") or "")
if pause then
  delay = function()
    return pause
  end
end

request = function()
  counter = counter + 1
  local region = regions[(counter % #regions) + 1]
  local track = "track-" .. (counter * 7919 % 10000)
  return wrk.format("GET", "/v1/route?region=" .. region .. "&track=" .. track)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
