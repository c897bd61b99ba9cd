-- ARGV: 1 prefix, 2 track, then rendition ids.
-- Returns: n, then n/2 field/value pairs of peers per rendition|region; then per rendition: m, then m/2
-- handle/holders pairs.
local t = ARGV[2]
local out = {}
local peers = redis.call('HGETALL', P .. 'swp:' .. t)
out[1] = tostring(#peers)
for _, v in ipairs(peers) do
  out[#out + 1] = v
end
for i = 3, #ARGV do
  local holders = redis.call('ZRANGE', P .. 'sw:' .. t .. ':' .. ARGV[i], 0, -1, 'WITHSCORES')
  out[#out + 1] = tostring(#holders)
  for _, v in ipairs(holders) do
    out[#out + 1] = v
  end
end
return out
