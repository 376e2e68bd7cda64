-- Applies a batch of row changes, each unless Redis already holds a newer one for its key
-- (per-key fencing). One call per batch rather than one per row: a script call costs Redis more
-- than the writes in it, so per-row calls made Redis the limit of a rebuild (bench, README).
-- For row i (from 1): KEYS[2i-1] row key; KEYS[2i] its fence key (same hash slot), holding the
-- source position of the change that last wrote the row, as a zero-padded 20-digit decimal so
-- text order = number order.
-- ARGV[3i-2] this change's position (same format), or '' when unknown (then: no check, fence kept);
-- ARGV[3i-1] 'set' or 'del'; ARGV[3i] the row JSON for 'set' ('' for 'del').
-- Rows apply in order, so a key changed twice in one batch ends as it would with one call each.
-- Returns one integer per row: 1 when applied, 0 when fenced out (an older change: zombie writer,
-- duplicate or replay).
local applied = {}
for row = 1, #KEYS / 2 do
  local key, fence = KEYS[2 * row - 1], KEYS[2 * row]
  local position, op = ARGV[3 * row - 2], ARGV[3 * row - 1]
  local stored = position ~= '' and redis.call('GET', fence) or false
  if stored and stored > position then
    applied[row] = 0
  else
    if position ~= '' then
      redis.call('SET', fence, position)
    end
    if op == 'set' then
      redis.call('SET', key, ARGV[3 * row])
    else
      redis.call('DEL', key)
    end
    applied[row] = 1
  end
end
return applied
