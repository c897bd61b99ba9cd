-- ARGV: 1 prefix, 2 stale-before ms, 3 batch. Removes up to a batch of peers silent since before stale-before.
local ids = redis.call('ZRANGEBYSCORE', P .. 'live', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  peer_remove(id)
end
return #ids
