-- Advances the consumer offsets Redis holds, each only from the value apply believes Redis holds:
-- if Redis lost data since (wipe, restart without persistence, older snapshot, replay request), or
-- another member of the group moved it (a partition that changed owner), that partition's offset
-- is not what apply expects, it is not advanced, and apply follows what Redis holds for it. The
-- other partitions of the batch advance: their rows are in, and Redis held what apply expected.
-- A next offset of '' forgets the field whatever Redis holds (a rebuild cleared the table's keys of
-- every partition: none of their offsets may stand); it is never reported as mismatched.
-- KEYS[1] offsets hash; ARGV: field, expected ('' = none held), next ('' = forget), field, expected, next, ...
-- Returns the fields whose held value differs from the expected one, each followed by it ('' = none).
local mismatched = {}
for i = 1, #ARGV, 3 do
  if ARGV[i + 2] == '' then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    local held = redis.call('HGET', KEYS[1], ARGV[i]) or ''
    if held == ARGV[i + 1] then
      redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    else
      table.insert(mismatched, ARGV[i])
      table.insert(mismatched, held)
    end
  end
end
return mismatched
