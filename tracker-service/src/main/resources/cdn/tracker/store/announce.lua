-- ARGV: 1 prefix, 2 peer, 3 now, 4 event, 5 track, 6 rendition, 7 region, 8 endpoint, 9 kbps, 10 up, 11 down,
-- 12 mode (full|delta|none), 13 rate window ms, 14 rate limit, 15 max peers, 16 max have, 17 max regions,
-- 18 key ttl ms, 19 n1, then n1 ids (have, or added), then n2, then n2 ids (removed)
-- Returns {outcome, retry-after ms}. Every check runs before the first write.
local peer, now, event = ARGV[2], tonumber(ARGV[3]), ARGV[4]
if event == 'stopped' then
  peer_remove(peer)
  return { 'ACCEPTED', 0 }
end
local t, r, g = ARGV[5], ARGV[6], ARGV[7]
if redis.call('SISMEMBER', P .. 'down', t) == 1 then
  peer_remove(peer)
  return { 'TAKEN_DOWN', 0 }
end
local mode = ARGV[12]
local window, limit = tonumber(ARGV[13]), tonumber(ARGV[14])
local max_peers, max_have, max_regions = tonumber(ARGV[15]), tonumber(ARGV[16]), tonumber(ARGV[17])
-- times go to Redis as the caller's strings: Lua would print large numbers as 1.7e+12
local ttl = ARGV[18]
local n1 = tonumber(ARGV[19])
local first = {}
for i = 1, n1 do
  first[i] = ARGV[19 + i]
end
local n2 = tonumber(ARGV[20 + n1])
local second = {}
for i = 1, n2 do
  second[i] = ARGV[20 + n1 + i]
end

-- rate limit: a fixed window per peer, judged by the caller's clock
local rk = P .. 'rl:' .. peer
local rl = redis.call('HMGET', rk, 'w', 'n')
local start, count = tonumber(rl[1]), tonumber(rl[2])
if start and now >= start and now - start < window then
  if count >= limit then
    return { 'RATE_LIMITED', start + window - now }
  end
  redis.call('HINCRBY', rk, 'n', 1)
else
  redis.call('HSET', rk, 'w', ARGV[3], 'n', 1)
  redis.call('PEXPIRE', rk, ARGV[13])
end

local hk = P .. 'h:' .. peer
local n = peer_handle(peer)
local cur = n and redis.call('HMGET', P .. 'p:' .. n, 't', 'r', 'g') or {}
local reset = cur[1] and (cur[1] ~= t or cur[2] ~= r or cur[3] ~= g)
local known = cur[1] and not reset
if not cur[1] and redis.call('ZCARD', P .. 'live') >= max_peers then
  return { 'TRACKER_FULL', 0 }
end
if redis.call('SISMEMBER', P .. 'regions', g) == 0 and redis.call('SCARD', P .. 'regions') >= max_regions then
  return { 'TOO_MANY_REGIONS', 0 }
end
local held = 0
if known then
  held = redis.call('SCARD', hk)
end
if mode == 'full' then
  held = n1
elseif mode == 'delta' then
  for i = 1, n1 do
    local h = known and seg_handle(first[i], false)
    if not h or redis.call('SISMEMBER', hk, h) == 0 then
      held = held + 1
    end
  end
  for i = 1, n2 do
    local h = known and seg_handle(second[i], false)
    if h and redis.call('SISMEMBER', hk, h) == 1 then
      held = held - 1
    end
  end
end
if held > max_have then
  return { 'HOLDINGS_FULL', 0 }
end

-- writes
if reset then
  peer_remove(peer)
  n = nil
end
if not n then
  n = tostring(redis.call('INCR', P .. 'pseq'))
  redis.call('HSET', P .. 'pid', peer, n)
end
local pk = P .. 'p:' .. n
if not known then
  -- a quarantine outlives the peer's entry; mirror it into the new hash for lookups
  local q = redis.call('GET', P .. 'q:' .. peer)
  if q then
    redis.call('HSET', pk, 'q', q)
  end
  redis.call('SADD', P .. 'regions', g)
  redis.call('HINCRBY', P .. 'rc', g, 1)
  redis.call('HINCRBY', P .. 'swp:' .. t, r .. '|' .. g, 1)
end
if mode == 'full' then
  local wanted = {}
  for i = 1, n1 do
    wanted[first[i]] = true
  end
  for _, h in ipairs(redis.call('SMEMBERS', hk)) do
    local hex = redis.call('HGET', P .. 'shx', h)
    if hex and wanted[hex] then
      wanted[hex] = nil
    else
      redis.call('SREM', hk, h)
      seg_remove(h, n, g, t, r)
    end
  end
  for i = 1, n1 do
    if wanted[first[i]] then
      local h = seg_handle(first[i], true)
      redis.call('SADD', hk, h)
      seg_add(h, n, g, t, r, ttl)
    end
  end
elseif mode == 'delta' then
  for i = 1, n2 do
    local h = seg_handle(second[i], false)
    if h and redis.call('SREM', hk, h) == 1 then
      seg_remove(h, n, g, t, r)
    end
  end
  for i = 1, n1 do
    local h = seg_handle(first[i], true)
    if redis.call('SADD', hk, h) == 1 then
      seg_add(h, n, g, t, r, ttl)
    end
  end
end
redis.call('HSET', pk, 'i', peer, 't', t, 'r', r, 'g', g, 'e', ARGV[8], 'k', ARGV[9], 'u', ARGV[10], 'd', ARGV[11], 's', ARGV[3])
redis.call('PEXPIRE', pk, ttl)
redis.call('PEXPIRE', hk, ttl)
redis.call('ZADD', P .. 'live', ARGV[3], peer)
return { 'ACCEPTED', 0 }
