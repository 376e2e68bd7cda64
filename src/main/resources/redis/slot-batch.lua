-- One slot's share of a batch on a Redis Cluster, atomically: its rows (fenced-writes.lua) and the
-- compare-and-set of the slot's own offset record (advance-offsets.lua), which a cluster cannot
-- do in one MULTI with the other slots' rows (CROSSSLOT). Both scripts are prepended as the local
-- functions fencedWrites(KEYS, ARGV) and advanceOffsets(KEYS, ARGV) (SlotBatchScript).
-- KEYS: fenced-writes.lua's keys (rows and fences, then the slot's marks hash), then the slot's
-- offset record; ARGV[1]: how many of the following ARGV are fenced-writes.lua's, then
-- advance-offsets.lua's. Every key is in one slot. Returns {applied per row, mismatched offsets}.
local rowArgs = tonumber(ARGV[1])
local writeKeys, writeArgs, offsetArgs = {}, {}, {}
for i = 1, #KEYS - 1 do
  writeKeys[i] = KEYS[i]
end
for i = 2, rowArgs + 1 do
  writeArgs[#writeArgs + 1] = ARGV[i]
end
for i = rowArgs + 2, #ARGV do
  offsetArgs[#offsetArgs + 1] = ARGV[i]
end
local applied = {}
if #writeKeys > 1 then
  applied = fencedWrites(writeKeys, writeArgs)
end
return {applied, advanceOffsets({KEYS[#KEYS]}, offsetArgs)}
