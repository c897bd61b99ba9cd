-- Shared by every peer-store script; ARGV[1] is always the key prefix.
-- Layout (P = prefix):
--   P..'pid'             hash   peer id -> peer handle n (a small integer, given out by P..'pseq')
--   P..'p:'..n           hash   i peer id, t track, r rendition, g holder group, e endpoint, k kbps, u up, d down,
--                               s lastSeen ms, q quarantined until ms (mirror of P..'q:'..peer, read by lookups)
--   P..'h:'..peer        set    segment handles the peer holds (integers: an intset, a few bytes each)
--   P..'live'            zset   peer -> lastSeen ms (expiry sweep, max-peers bound)
--   P..'sid' / P..'shx'  hash   segment hex id <-> handle, only while someone holds the segment
--   P..'seq'             string last handle given out
--   P..'s:'..h..':'..g   set    handles of the peers of holder group g holding segment h (integers: an intset
--                               while set-max-intset-entries allows, else ~16 B less per member than ids)
--   P..'regions'         set    holder groups with at least one peer;  P..'rc' hash group -> peers
--   P..'swp:'..t         hash   rendition|group -> peers of track t
--   P..'sw:'..t..':'..r  zset   segment handle -> holders in swarm t/r
--   P..'rl:'..peer       hash   w window start ms, n announces (PEXPIRE = window)
--   P..'rep:'..peer      hash   reporter -> report time ms (PEXPIRE = report window)
--   P..'q:'..peer        string quarantined until ms (PEXPIRE = quarantine)
--   P..'ld:'..hex..':'..g string 'peer|until ms': the peer loading segment hex in group g (PEXPIRE = claim ttl)
--   P..'down'            set    tracks taken down: never handed out, their announces refused
-- A holder group (HolderGroup.java) is 'region', 'region@tenant' for a tenant but the default, then '#' for a
-- region seal or '#zone' for a zone seal: the bare region for a single-tenant tracker.
local P = ARGV[1]

local function seg_key(h, g)
  return P .. 's:' .. h .. ':' .. g
end

-- appends a candidate as the Java side reads it: peer, region, then the peer hash's
-- endpoint, kbps, up, down, lastSeen (f: HMGET of 'e', 'k', 'u', 'd', 's', ...)
local function push_candidate(out, peer, region, f)
  out[#out + 1] = peer
  out[#out + 1] = region
  for i = 1, 5 do
    out[#out + 1] = f[i]
  end
end

local function seg_handle(hex, create)
  local h = redis.call('HGET', P .. 'sid', hex)
  if h or not create then
    return h
  end
  h = tostring(redis.call('INCR', P .. 'seq'))
  redis.call('HSET', P .. 'sid', hex, h)
  redis.call('HSET', P .. 'shx', h, hex)
  return h
end

-- the peer's handle, or nil when it has none
local function peer_handle(peer)
  return redis.call('HGET', P .. 'pid', peer)
end

local function seg_add(h, n, g, t, r, ttl)
  local k = seg_key(h, g)
  redis.call('SADD', k, n)
  redis.call('PEXPIRE', k, ttl)
  redis.call('ZINCRBY', P .. 'sw:' .. t .. ':' .. r, 1, h)
end

local function seg_remove(h, n, g, t, r)
  redis.call('SREM', seg_key(h, g), n)
  local sw = P .. 'sw:' .. t .. ':' .. r
  if tonumber(redis.call('ZINCRBY', sw, -1, h)) <= 0 then
    redis.call('ZREM', sw, h)
  end
  for _, region in ipairs(redis.call('SMEMBERS', P .. 'regions')) do
    if redis.call('SCARD', seg_key(h, region)) > 0 then
      return
    end
  end
  local hex = redis.call('HGET', P .. 'shx', h)
  if hex then
    redis.call('HDEL', P .. 'sid', hex)
  end
  redis.call('HDEL', P .. 'shx', h)
end

local function count_down(key, field)
  if redis.call('HINCRBY', key, field, -1) <= 0 then
    redis.call('HDEL', key, field)
    return true
  end
  return false
end

-- forgets a peer entirely; returns 1 when it was registered
local function peer_remove(peer)
  local hk = P .. 'h:' .. peer
  redis.call('ZREM', P .. 'live', peer)
  local n = peer_handle(peer)
  local f = n and redis.call('HMGET', P .. 'p:' .. n, 't', 'r', 'g') or {}
  if n then
    redis.call('HDEL', P .. 'pid', peer)
  end
  if not f[1] then
    redis.call('DEL', hk)
    return 0
  end
  local t, r, g = f[1], f[2], f[3]
  for _, h in ipairs(redis.call('SMEMBERS', hk)) do
    seg_remove(h, n, g, t, r)
  end
  redis.call('DEL', hk, P .. 'p:' .. n)
  if count_down(P .. 'rc', g) then
    redis.call('SREM', P .. 'regions', g)
  end
  count_down(P .. 'swp:' .. t, r .. '|' .. g)
  return 1
end
