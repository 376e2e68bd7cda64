-- Advances the consumer offsets Redis holds, but only from the values apply believes Redis holds:
-- if Redis lost data since (wipe, restart without persistence, older snapshot, replay request),
-- its offsets are not what apply expects, nothing is advanced, and apply replays from them.
-- KEYS[1] offsets hash; ARGV: field, expected ('' = none held), next, field, expected, next, ...
-- Returns the fields whose held value differs from the expected one, each followed by it ('' = none).
local mismatched = {}
for i = 1, #ARGV, 3 do
  local held = redis.call('HGET', KEYS[1], ARGV[i]) or ''
  if held ~= ARGV[i + 1] then
    table.insert(mismatched, ARGV[i])
    table.insert(mismatched, held)
  end
end
if #mismatched == 0 then
  for i = 1, #ARGV, 3 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  end
end
return mismatched
