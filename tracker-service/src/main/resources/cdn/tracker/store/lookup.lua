-- ARGV: 1 prefix, 2 now, 3 stale-before ms, 4 sample, 5 exclude ('' for none), 6 n regions, then the preferred
-- region order, then segment hex ids.
-- Returns, per segment: availability, n, then n times (peer, region, endpoint, kbps, up, down, lastSeen).
local now, stale_before, sample, exclude = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local nr = tonumber(ARGV[6])
local known = redis.call('SMEMBERS', P .. 'regions')
local order, seen = {}, {}
for i = 1, nr do
  local g = ARGV[6 + i]
  if not seen[g] then
    seen[g] = true
    order[#order + 1] = g
  end
end
for _, g in ipairs(known) do
  if not seen[g] then
    seen[g] = true
    order[#order + 1] = g
  end
end
local out = {}
for s = 7 + nr, #ARGV do
  local h = redis.call('HGET', P .. 'sid', ARGV[s])
  if not h then
    out[#out + 1] = '0'
    out[#out + 1] = '0'
  else
    local availability = 0
    for _, g in ipairs(known) do
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
        local f = redis.call('HMGET', P .. 'p:' .. handle, 'e', 'k', 'u', 'd', 's', 'q', 'i')
        if f[7] and f[7] ~= exclude and (not f[6] or tonumber(f[6]) <= now) then
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
