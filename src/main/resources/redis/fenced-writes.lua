-- Applies a batch of row changes, each unless Redis already holds a newer one for its key
-- (per-key fencing).
-- For row i (from 1): KEYS[2i-1] row key; KEYS[2i] its fence key (same hash slot), holding the
-- source position of the change that last wrote the row, as decimal digits (zero-padded to 20
-- digits in fences written before December 2026; both are read alike, see fence-order.lua, prepended).
-- ARGV[3i-2] this change's position (digits, no leading zero), or '' when unknown (then: no check, fence kept);
-- ARGV[3i-1] 'set', 'del', 'mark-del', 'mark-keep' or 'hash'; ARGV[3i] the row JSON for 'set', the mark for
-- the two marks, '' for 'del', for 'hash' a MessagePack [[field, value, ...], [kept field, ...]] (HashPayload).
-- A 'hash' makes the key the hash of exactly those fields plus the kept ones it holds now (unchanged TOAST
-- columns): without kept fields by DEL + HSET, with them by HDEL of every other field + HSET. A key of another
-- type (a JSON string from before a format change) is replaced, never refused with WRONGTYPE; so is a hash by 'set'.
-- KEYS[#KEYS] is the hash of rows capture could not carry (field: row key, value: why). A 'mark-del'
-- deletes the row and marks it there, a 'mark-keep' keeps the row's last value and marks it; any
-- other applied change of the row clears its mark: the row is carried again.
-- Returns one integer per row: 1 when applied, 0 when fenced out (an older change: zombie writer,
-- duplicate or replay).
--
-- Why it is shaped like this: Redis spends more on each call than on the write in it, so per-row
-- calls (one EVALSHA, then GET + SET + SET per row) made Redis the limit of a rebuild (bench,
-- README). Here the fences are read with MGET, the rows are decided in order against fences kept
-- up to date in Lua, and only each key's final state is written, with MSET and DEL. A script runs
-- atomically, so nothing can observe the states in between: the result is the same as applying
-- the rows one by one.
local rows = (#KEYS - 1) / 2
local marksKey = KEYS[#KEYS]
-- Lua 5.1 in Redis unpacks at most ~8,000 values per call.
local CHUNK = 4000

local function callChunked(command, args)
  for first = 1, #args, CHUNK do
    redis.call(command, unpack(args, first, math.min(first + CHUNK - 1, #args)))
  end
end

-- The same for commands on one key (HSET, HDEL): the key leads every chunk. CHUNK is even, so
-- field/value pairs stay together.
local function callChunkedOn(command, key, args)
  for first = 1, #args, CHUNK do
    redis.call(command, key, unpack(args, first, math.min(first + CHUNK - 1, #args)))
  end
end

local fences = {}
for first = 1, rows, CHUNK do
  local last = math.min(first + CHUNK - 1, rows)
  local names = {}
  for row = first, last do
    names[#names + 1] = KEYS[2 * row]
  end
  local held = redis.call('MGET', unpack(names))
  for i = 1, #names do
    fences[names[i]] = held[i]
  end
end

local applied = {}
local lastRow = {}    -- row key -> the last applied row for it
local keys = {}       -- row keys in the order first applied
local moved = {}      -- fence keys whose position changed, in order
local isMoved = {}
for row = 1, rows do
  local key, fence = KEYS[2 * row - 1], KEYS[2 * row]
  local position = ARGV[3 * row - 2]
  local stored = fences[fence]
  if position ~= '' and stored and comparePositions(stored, position) > 0 then
    applied[row] = 0
  else
    if position ~= '' then
      fences[fence] = position
      if not isMoved[fence] then
        isMoved[fence] = true
        moved[#moved + 1] = fence
      end
    end
    if not lastRow[key] then
      keys[#keys + 1] = key
    end
    lastRow[key] = row
    applied[row] = 1
  end
end

-- The hash rows to write after the DELs, each {key, {field, value, ...}}.
local hashes = {}
local function planHash(key, payload)
  local decoded = cmsgpack.unpack(payload)
  local fields, kept = decoded[1], decoded[2]
  if #kept == 0 or redis.call('TYPE', key).ok ~= 'hash' then
    return true, {key, fields}
  end
  local keep = {}
  for i = 1, #fields, 2 do keep[fields[i]] = true end
  for _, field in ipairs(kept) do keep[field] = true end
  local stale = {}
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if not keep[field] then stale[#stale + 1] = field end
  end
  if #stale > 0 then
    callChunkedOn('HDEL', key, stale)
  end
  return false, {key, fields}
end

local sets, dels, marks, unmarks = {}, {}, {}, {}
for _, key in ipairs(keys) do
  local row = lastRow[key]
  local kind = ARGV[3 * row - 1]
  if kind == 'hash' then
    local replace, write = planHash(key, ARGV[3 * row])
    if replace then
      dels[#dels + 1] = key
    end
    hashes[#hashes + 1] = write
  elseif kind == 'set' then
    sets[#sets + 1] = key
    sets[#sets + 1] = ARGV[3 * row]
  elseif kind ~= 'mark-keep' then
    dels[#dels + 1] = key
  end
  if kind == 'mark-del' or kind == 'mark-keep' then
    marks[#marks + 1] = key
    marks[#marks + 1] = ARGV[3 * row]
  else
    unmarks[#unmarks + 1] = key
  end
end
-- Clearing marks costs a call only while some row is marked: the common case pays one EXISTS.
if #unmarks > 0 and redis.call('EXISTS', marksKey) == 1 then
  callChunkedOn('HDEL', marksKey, unmarks)
end
for _, fence in ipairs(moved) do
  sets[#sets + 1] = fence
  sets[#sets + 1] = fences[fence]
end
callChunked('MSET', sets)
callChunked('DEL', dels)
for _, write in ipairs(hashes) do
  if #write[2] > 0 then
    callChunkedOn('HSET', write[1], write[2])
  end
end
if #marks > 0 then
  callChunkedOn('HSET', marksKey, marks)
end
return applied
