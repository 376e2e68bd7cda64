-- A TRUNCATE's share of one page of a table's keys (SCANned by apply), fenced like every row write:
-- with several Kafka partitions, capture sends the TRUNCATE to each of them, and the owner of each
-- applies it in its partition's order, while the other partitions' owners may be ahead or behind.
-- A row whose fence holds a newer position than the TRUNCATE was written by a change after it
-- (another partition got there first): it stays. Any other row is deleted, and its fence is set to
-- the TRUNCATE's position, so an older change of the row that a lagging partition applies later is
-- refused (fenced-writes.lua) rather than bringing the deleted row back.
-- KEYS[2i-1] row key, KEYS[2i] its fence key (same hash slot); ARGV[1] the TRUNCATE's position as
-- FenceKeys.position writes it (decimal digits), compared with fence-order.lua's comparePositions
-- (prepended), as fenced-writes.lua does. Returns how many rows it deleted.
local position = ARGV[1]
local rows = #KEYS / 2
local CHUNK = 4000 -- Lua 5.1 in Redis unpacks at most ~8,000 values per call
local deleted = 0
for first = 1, rows, CHUNK do
  local last = math.min(first + CHUNK - 1, rows)
  local fences = {}
  for row = first, last do
    fences[#fences + 1] = KEYS[2 * row]
  end
  local held = redis.call('MGET', unpack(fences))
  local dels, sets = {}, {}
  for row = first, last do
    local stored = held[row - first + 1]
    if not stored or comparePositions(stored, position) < 0 then
      dels[#dels + 1] = KEYS[2 * row - 1]
      sets[#sets + 1] = KEYS[2 * row]
      sets[#sets + 1] = position
    end
  end
  if #dels > 0 then
    deleted = deleted + redis.call('DEL', unpack(dels))
    redis.call('MSET', unpack(sets))
  end
end
return deleted
