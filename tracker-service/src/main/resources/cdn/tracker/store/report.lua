-- ARGV: 1 prefix, 2 peer, 3 reporter, 4 now, 5 report window ms, 6 threshold, 7 quarantine ms, 8 stale-before ms
-- Returns {outcome, quarantined-until ms}.
local peer, reporter, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local window, threshold, quarantine = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local n = peer_handle(peer)
if not n or redis.call('EXISTS', P .. 'p:' .. n) == 0 then
  return { 'PEER_UNKNOWN', 0 }
end
local seen = redis.call('ZSCORE', P .. 'live', reporter)
if not seen or tonumber(seen) < tonumber(ARGV[8]) then
  return { 'REPORTER_UNKNOWN', 0 }
end
local rk = P .. 'rep:' .. peer
redis.call('HSET', rk, reporter, ARGV[4])
local recent = 0
local all = redis.call('HGETALL', rk)
for i = 1, #all, 2 do
  if tonumber(all[i + 1]) < now - window then
    redis.call('HDEL', rk, all[i])
  else
    recent = recent + 1
  end
end
if recent >= threshold then
  local until_ms = string.format('%.0f', now + quarantine)
  redis.call('SET', P .. 'q:' .. peer, until_ms, 'PX', ARGV[7])
  redis.call('HSET', P .. 'p:' .. n, 'q', until_ms)
  redis.call('DEL', rk)
  return { 'QUARANTINED', now + quarantine }
end
redis.call('PEXPIRE', rk, ARGV[5])
return { 'RECORDED', 0 }
