-- wrk script: rotate over the paths listed in a file (wrk ... -s wrk-report.lua URL -- FILE)
-- and print one parseable line: RESULT requests_per_s p50_ms p99_ms non_2xx socket_errors
local paths = {}

-- WRK_PAUSE_MS set: each connection waits that long after every answer before its next
-- request, so two servers can be offered the same request rate (wrk only paces when the
-- script defines delay(), so it is not defined otherwise)
local pause = tonumber(os.getenv("WRK_PAUSE_MS") or "")
if pause then
  function delay()
    return pause
  end
end
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
