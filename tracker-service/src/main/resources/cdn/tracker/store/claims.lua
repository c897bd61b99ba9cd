-- Claims: P..'ld:'..segment hex..':'..group  string  'peer|until ms' (PEXPIRE = ttl), the peer loading it there.
-- ARGV: 1 prefix, 2 now, 3 stale-before ms, 4 the requester's group while it has not announced, 5 requester,
-- 6 max grants, 7 ttl ms, 8 n segments, then n segment hex ids, then the offered ones, preferred first.
-- Returns, per segment: '0' (nobody), '1' (the requester), or '2' and the loader (peer, group, endpoint, kbps,
-- up, down, lastSeen).
local now, stale_before, g, requester = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local max, ttl, n = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
-- claims are per group: the requester's, as announced
local requester_handle = peer_handle(requester)
if requester_handle then
  g = redis.call('HGET', P .. 'p:' .. requester_handle, 'g') or g
end

local function claim_key(hex)
  return P .. 'ld:' .. hex .. ':' .. g
end

-- the claim's peer while it stands, else nil
local function claimant(hex)
  local v = redis.call('GET', claim_key(hex))
  if not v then
    return nil
  end
  local sep = string.find(v, '|', 1, true)
  if tonumber(string.sub(v, sep + 1)) <= now then
    return nil
  end
  return string.sub(v, 1, sep - 1)
end

-- whether one of up to 8 holders of the group is live and not quarantined (one a lookup could hand out)
local function held(hex)
  local h = seg_handle(hex, false)
  if not h then
    return false
  end
  for _, handle in ipairs(redis.call('SRANDMEMBER', seg_key(h, g), 8)) do
    local f = redis.call('HMGET', P .. 'p:' .. handle, 's', 'q')
    if f[1] and tonumber(f[1]) >= stale_before and (not f[2] or tonumber(f[2]) <= now) then
      return true
    end
  end
  return false
end

local granted = 0
for s = 9 + n, #ARGV do
  if granted >= max then
    break
  end
  local hex = ARGV[s]
  if not held(hex) and not claimant(hex) then
    redis.call('SET', claim_key(hex), requester .. '|' .. (now + ttl), 'PX', ttl)
    granted = granted + 1
  end
end

local out = {}
for s = 9, 8 + n do
  local peer = claimant(ARGV[s])
  if not peer then
    out[#out + 1] = '0'
  elseif peer == requester then
    out[#out + 1] = '1'
  else
    local handle = peer_handle(peer)
    local f = handle and redis.call('HMGET', P .. 'p:' .. handle, 'e', 'k', 'u', 'd', 's', 'q', 'g', 't') or {}
    if f[5] and tonumber(f[5]) >= stale_before and (not f[6] or tonumber(f[6]) <= now)
        and redis.call('SISMEMBER', P .. 'down', f[8]) == 0 then
      out[#out + 1] = '2'
      push_candidate(out, peer, f[7], f)
    else
      out[#out + 1] = '0'
    end
  end
end
return out
