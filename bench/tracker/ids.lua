-- Shared by the wrk scripts: the benchmark's peers, segments and regions.
-- PEERS peers (default 100k) in 3 regions; SEGMENTS segments (default 1k) of one track;
-- peer n holds the 50 consecutive segments starting at (7 n) mod SEGMENTS.
PEERS = tonumber(os.getenv("PEERS") or "100000")
SEGMENTS = tonumber(os.getenv("SEGMENTS") or "1000")
HELD = 50
REGIONS = { "us-east", "eu-west", "ap-south" }
local SEGMENT_PREFIX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b" -- 56 hex

function segment(i)
  return SEGMENT_PREFIX .. string.format("%08x", i % SEGMENTS)
end

-- 22 characters, like a random 128-bit id in URL-safe base64
function peer(n)
  return string.format("bench-peer-%011d", n)
end

function region(n)
  return REGIONS[n % 3 + 1]
end

function first_segment(n)
  return (n * 7) % SEGMENTS
end

JSON = { ["Content-Type"] = "application/json" }

-- With TOKENS_FILE (run.sh TOKENS=1), peer n's listener token is line n + 1 of it, and every
-- request carries the token of the peer it is made as (the tracker requires them).
local TOKENS
local tokens_file = os.getenv("TOKENS_FILE")
if tokens_file and tokens_file ~= "" then
  TOKENS = {}
  for line in io.lines(tokens_file) do
    -- each peer's headers made once: building them per request costs wrk's CPU, which
    -- shares the machine with the tracker
    TOKENS[#TOKENS + 1] = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. line }
  end
end

-- The headers of a request made as peer n: JSON's, and its token when there are tokens.
function headers_as(n)
  if not TOKENS then
    return JSON
  end
  return TOKENS[n + 1]
end

-- wrk gives each thread a number through setup(); scripts use it to partition peers
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  thread:set("threads_total", 0)
  next_tid = next_tid + 1
end
