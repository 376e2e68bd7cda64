-- Applies one row change unless Redis already holds a newer one for that key (per-key fencing).
-- KEYS[1] row key; KEYS[2] its fence key (same hash slot), holding the source position of the
-- change that last wrote the row, as a zero-padded 20-digit decimal so text order = number order.
-- ARGV[1] this change's position (same format), or '' when unknown (then: no check, fence kept);
-- ARGV[2] 'set' or 'del'; ARGV[3] the row JSON for 'set'.
-- Returns 1 when applied, 0 when fenced out (an older change: zombie writer, duplicate or replay).
if ARGV[1] ~= '' then
  local stored = redis.call('GET', KEYS[2])
  if stored and stored > ARGV[1] then
    return 0
  end
  redis.call('SET', KEYS[2], ARGV[1])
end
if ARGV[2] == 'set' then
  redis.call('SET', KEYS[1], ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
return 1
