package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.apply.FenceKeys;
import com.tradeul.metasync.apply.LettuceRedisWriter;
import com.tradeul.metasync.cluster.SlotTags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a row's fence is kept in Redis, for the bench's "Redis alone" measurement of metasync's
 * writes ({@link FencedWritesFile}): the layout apply uses ({@link #PER_KEY}) and candidates, each
 * with the script that applies a batch under it. Every layout keeps a row's fence in the row
 * key's hash slot, so a Redis Cluster can still write both in one script call, except {@link
 * #PER_PARTITION}, which keeps none. The candidates' scripts handle what the bench sends (SET rows
 * with positions), not marks or hash rows. Pure.
 */
enum FenceLayout {

    /** Apply's layout: a string key {@code lsn:{row key}} per row holding the position's digits, which Redis keeps as an integer. */
    PER_KEY("per-key") {
        @Override
        byte[] script() {
            return LettuceRedisWriter.fencedWritesScript();
        }
    },

    /**
     * Apply's layout before December 2026: the same keys holding 20 zero-padded digits, a string
     * (fenced-writes.lua still reads such fences).
     */
    PER_KEY_PADDED("per-key-padded") {
        @Override
        byte[] script() {
            return LettuceRedisWriter.fencedWritesScript();
        }

        @Override
        String position(long position) {
            return String.format("%020d", position);
        }
    },

    /**
     * One hash per hash slot, {@code lsn:{slot tag}} ({@link SlotTags}), field the row key, value the
     * position's plain digits: 16,384 hashes at most, which stay listpack-encoded up to ~2M fenced
     * rows in all (Redis's default {@code hash-max-listpack-entries} 128 per hash) of row keys up to
     * 64 bytes ({@code hash-max-listpack-value}), so a fence costs its field and value instead of a
     * key, an object and a dictionary entry.
     */
    SLOT_BUCKETS("slot-buckets") {
        @Override
        byte[] script() {
            return BUCKETED_SCRIPT.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        String fenceKey(String rowKey) {
            return "lsn:{" + SlotTags.tag(SlotTags.slotOf(rowKey)) + "}";
        }
    },

    /**
     * Apply's keys, written by a fast path that trusts its batch: each row and its fence set, no
     * fence read or compared. What Redis would save if a rebuild could skip the check (the fences
     * stay, for the writes after it).
     */
    PER_KEY_UNCHECKED("per-key-unchecked") {
        @Override
        byte[] script() {
            return UNCHECKED_SCRIPT.getBytes(StandardCharsets.UTF_8);
        }
    },

    /**
     * No fence per row: a batch is fenced by its partition's offset, which the script compares with
     * the one the writer expects and advances in the same call, so a writer that lost the partition
     * (another offset held) writes nothing. That is sound only where one script holds a partition's
     * rows and its offset, a single Redis, not a Cluster, whose partition spans slots.
     */
    PER_PARTITION("per-partition") {
        @Override
        byte[] script() {
            return PER_PARTITION_SCRIPT.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        List<List<byte[]>> batch(String sha, List<byte[]> rowKeys, List<byte[]> values, long firstPosition, long expectedOffset) {
            List<byte[]> call = new ArrayList<>(5 + 2 * rowKeys.size());
            call.add(bytes("EVALSHA"));
            call.add(bytes(sha));
            call.add(bytes(Integer.toString(rowKeys.size() + 1)));
            call.addAll(rowKeys);
            call.add(bytes(FencedWritesFile.OFFSETS_KEY));
            call.add(bytes(expectedOffset == 0 ? "" : Long.toString(expectedOffset)));
            call.add(bytes(Long.toString(expectedOffset + rowKeys.size())));
            call.addAll(values);
            return List.of(call);
        }
    };

    private final String label;

    FenceLayout(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The script that applies a batch, KEYS row key and fence key per row then the marks hash, as fenced-writes.lua. */
    abstract byte[] script();

    /** The key the script is given beside the row key: apply's unless the layout says otherwise. */
    String fenceKey(String rowKey) {
        return FenceKeys.of(rowKey);
    }

    /** A position as the script's ARGV: as apply sends it unless the layout says otherwise. */
    String position(long position) {
        return FenceKeys.position(position);
    }

    /**
     * The commands of one batch, sent between MULTI and EXEC: unless the layout says otherwise,
     * apply's (fenced-writes.lua's KEYS and ARGV, each row positioned from {@code firstPosition} on,
     * then the offsets' advance). {@code expectedOffset} is the offset Redis holds before the batch
     * (the rows written so far: 0 for none).
     */
    List<List<byte[]>> batch(String sha, List<byte[]> rowKeys, List<byte[]> values, long firstPosition, long expectedOffset) {
        List<byte[]> call = new ArrayList<>(4 + 5 * rowKeys.size());
        call.add(bytes("EVALSHA"));
        call.add(bytes(sha));
        call.add(bytes(Integer.toString(2 * rowKeys.size() + 1)));
        for (byte[] rowKey : rowKeys) {
            call.add(rowKey);
            call.add(bytes(fenceKey(new String(rowKey, StandardCharsets.UTF_8))));
        }
        call.add(bytes(FencedWritesFile.MARKS_KEY));
        for (int i = 0; i < values.size(); i++) {
            call.add(bytes(position(firstPosition + i)));
            call.add(bytes("set"));
            call.add(values.get(i));
        }
        long next = expectedOffset + rowKeys.size();
        List<byte[]> advance = List.of(bytes("HSET"), bytes(FencedWritesFile.OFFSETS_KEY), bytes("table:0"), bytes(Long.toString(next)));
        return List.of(call, advance);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final String UNCHECKED_SCRIPT = """
-- Candidate layout (bench only): a fast path's writes. KEYS and ARGV as fenced-writes.lua; every row
-- and its fence are set, nothing is read or compared.
local rows = (#KEYS - 1) / 2
-- Lua 5.1 in Redis unpacks at most ~8,000 values per call; even, so key/value pairs stay together.
local CHUNK = 4000
local sets = {}
for row = 1, rows do
  sets[#sets + 1] = KEYS[2 * row - 1]
  sets[#sets + 1] = ARGV[3 * row]
  sets[#sets + 1] = KEYS[2 * row]
  sets[#sets + 1] = ARGV[3 * row - 2]
end
for first = 1, #sets, CHUNK do
  redis.call('MSET', unpack(sets, first, math.min(first + CHUNK - 1, #sets)))
end
return rows
""";

    private static final String PER_PARTITION_SCRIPT = """
-- Candidate layout (bench only): no fence per row, the batch fenced by its partition's offset.
-- KEYS[1..n] the row keys, KEYS[n+1] the offsets hash; ARGV[1] the offset the writer expects Redis
-- to hold ('' for none), ARGV[2] the offset after the batch, ARGV[2+i] row i's JSON. A writer that
-- finds another offset (it lost the partition, or Redis lost data) writes nothing: returns 0.
local rows = #KEYS - 1
local offsets = KEYS[#KEYS]
if (redis.call('HGET', offsets, 'table:0') or '') ~= ARGV[1] then
  return 0
end
local CHUNK = 4000
local sets = {}
for row = 1, rows do
  sets[#sets + 1] = KEYS[row]
  sets[#sets + 1] = ARGV[2 + row]
end
for first = 1, #sets, CHUNK do
  redis.call('MSET', unpack(sets, first, math.min(first + CHUNK - 1, #sets)))
end
redis.call('HSET', offsets, 'table:0', ARGV[2])
return rows
""";

    private static final String BUCKETED_SCRIPT = """
-- Candidate layout (bench only): fences bucketed in hashes. KEYS[2i-1] row key, KEYS[2i] the
-- bucket of its fence (a hash in the row key's hash slot); the field is the row key, the value
-- its position as plain decimal digits (compared by length, then text). ARGV as fenced-writes.lua.
local rows = (#KEYS - 1) / 2
local marksKey = KEYS[#KEYS]
local CHUNK = 4000

local function callChunked(command, args)
  for first = 1, #args, CHUNK do
    redis.call(command, unpack(args, first, math.min(first + CHUNK - 1, #args)))
  end
end

local function callChunkedOn(command, key, args)
  for first = 1, #args, CHUNK do
    redis.call(command, key, unpack(args, first, math.min(first + CHUNK - 1, #args)))
  end
end

local function newer(stored, position)
  return #stored > #position or (#stored == #position and stored > position)
end

-- Each bucket's fields of this batch, read with one HMGET per bucket.
local bucketOrder, bucketFields = {}, {}
for row = 1, rows do
  local bucket = KEYS[2 * row]
  local fields = bucketFields[bucket]
  if not fields then
    fields = {}
    bucketFields[bucket] = fields
    bucketOrder[#bucketOrder + 1] = bucket
  end
  fields[#fields + 1] = KEYS[2 * row - 1]
end
local fences = {}
for _, bucket in ipairs(bucketOrder) do
  local fields = bucketFields[bucket]
  local held = redis.call('HMGET', bucket, unpack(fields))
  for i = 1, #fields do
    fences[fields[i]] = held[i]
  end
end

local applied = {}
local lastRow = {}
local keys = {}
local movedBy = {}     -- bucket -> {field, position, ...}
local movedOrder = {}
local isMoved = {}
for row = 1, rows do
  local key, bucket = KEYS[2 * row - 1], KEYS[2 * row]
  local position = ARGV[3 * row - 2]
  local stored = fences[key]
  if position ~= '' and stored and newer(stored, position) then
    applied[row] = 0
  else
    if position ~= '' then
      fences[key] = position
      if not isMoved[key] then
        isMoved[key] = bucket
      end
    end
    if not lastRow[key] then
      keys[#keys + 1] = key
    end
    lastRow[key] = row
    applied[row] = 1
  end
end

local sets, dels, unmarks = {}, {}, {}
for _, key in ipairs(keys) do
  local row = lastRow[key]
  local kind = ARGV[3 * row - 1]
  if kind == 'set' then
    sets[#sets + 1] = key
    sets[#sets + 1] = ARGV[3 * row]
  else
    dels[#dels + 1] = key
  end
  unmarks[#unmarks + 1] = key
  local bucket = isMoved[key]
  if bucket then
    local moved = movedBy[bucket]
    if not moved then
      moved = {}
      movedBy[bucket] = moved
      movedOrder[#movedOrder + 1] = bucket
    end
    moved[#moved + 1] = key
    moved[#moved + 1] = fences[key]
  end
end
if #unmarks > 0 and redis.call('EXISTS', marksKey) == 1 then
  callChunkedOn('HDEL', marksKey, unmarks)
end
callChunked('MSET', sets)
callChunked('DEL', dels)
for _, bucket in ipairs(movedOrder) do
  callChunkedOn('HSET', bucket, movedBy[bucket])
end
return applied
""";
}
