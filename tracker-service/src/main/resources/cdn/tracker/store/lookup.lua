-- ARGV: 1 prefix, 2 now, 3 stale-before ms, 4 sample, 5 exclude ('' for none), 6 the viewer's tenant, 7 its
-- region, 8 nz, then the nz zones its region lies in, then nr, then the preferred region order, then segment
-- hex ids.
-- Returns, per segment: availability, n, then n times (peer, group, endpoint, kbps, up, down, lastSeen).
-- Only holder groups the viewer sees are read (HolderGroup.Viewer.sees): its tenant's, open or sealed to its
-- region or to one of its zones.
local now, stale_before, sample, exclude = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local tenant, region = ARGV[6], ARGV[7]
local nz = tonumber(ARGV[8])
local zones = {}
for i = 1, nz do
  zones[ARGV[8 + i]] = true
end
local nr = tonumber(ARGV[9 + nz])
-- tracks taken down: their holders are never handed out
local down = {}
for _, t in ipairs(redis.call('SMEMBERS', P .. 'down')) do
  down[t] = true
end
local first_segment = 10 + nz + nr

-- the region of a group the viewer sees, or nil
local function visible_region(g)
  local hash = string.find(g, '#', 1, true)
  local scoped = hash and string.sub(g, 1, hash - 1) or g
  local at = string.find(scoped, '@', 1, true)
  local r = at and string.sub(scoped, 1, at - 1) or scoped
  local t = at and string.sub(scoped, at + 1) or 'default'
  if t ~= tenant then
    return nil
  end
  if not hash or r == region then
    return r
  end
  local seal = string.sub(g, hash + 1)
  if seal ~= '' and zones[seal] then
    return r
  end
  return nil
end

-- the visible groups, those of the preferred regions first in their order
local by_region, rest = {}, {}
local visible = {}
for _, g in ipairs(redis.call('SMEMBERS', P .. 'regions')) do
  local r = visible_region(g)
  if r then
    visible[#visible + 1] = g
    by_region[r] = by_region[r] or {}
    table.insert(by_region[r], g)
  end
end
local order, placed = {}, {}
for i = 1, nr do
  local groups = by_region[ARGV[9 + nz + i]]
  if groups then
    for _, g in ipairs(groups) do
      if not placed[g] then
        placed[g] = true
        order[#order + 1] = g
      end
    end
  end
end
for _, g in ipairs(visible) do
  if not placed[g] then
    order[#order + 1] = g
  end
end

local out = {}
for s = first_segment, #ARGV do
  local h = redis.call('HGET', P .. 'sid', ARGV[s])
  if not h then
    out[#out + 1] = '0'
    out[#out + 1] = '0'
  else
    local availability = 0
    for _, g in ipairs(order) do
      availability = availability + redis.call('SCARD', seg_key(h, g))
    end
    out[#out + 1] = tostring(availability)
    local count_at = #out + 1
    out[count_at] = '0'
    local n = 0
    for _, g in ipairs(order) do
      if n >= sample then
        break
      end
      for _, handle in ipairs(redis.call('SRANDMEMBER', seg_key(h, g), sample - n + 2)) do
        if n >= sample then
          break
        end
        -- one read per candidate: its id, and the quarantine end mirrored in its hash
        local f = redis.call('HMGET', P .. 'p:' .. handle, 'e', 'k', 'u', 'd', 's', 'q', 'i', 't')
        if f[7] and f[7] ~= exclude and (not f[6] or tonumber(f[6]) <= now) and not down[f[8]] then
          if f[5] and tonumber(f[5]) >= stale_before then
            n = n + 1
            push_candidate(out, f[7], g, f)
          end
        end
      end
    end
    out[count_at] = tostring(n)
  end
end
return out
