-- How a fence's position compares with a change's, shared by fenced-writes.lua and
-- fenced-truncate.lua (prepended to each: ScriptArguments.fencingScript), so both read a fence alike.
-- Positions are compared as numbers without Lua's doubles (LSNs may pass 2^53): once an old fence's
-- padding is dropped (fences written before December 2026 were zero-padded to 20 digits), the
-- longer is the larger, else text order. A fence starting with '-' (never a source position) is
-- older than any. Returns -1, 0 or 1 as stored is older than, the same as or newer than position.
local function comparePositions(stored, position)
  local first = string.byte(stored, 1)
  if first == 48 then -- '0': a padded fence
    stored = string.match(stored, '^0*(.*)$')
  elseif first == 45 then -- '-'
    return -1
  end
  if #stored ~= #position then
    return #stored > #position and 1 or -1
  end
  if stored == position then
    return 0
  end
  return stored > position and 1 or -1
end
