// Reads Redis values as a JavaScript reader does: plain JSON.parse, nothing opted in.
// Input (stdin): one "<key>\t<value>" line per Redis key, the value exactly as Redis holds it.
// Output: one line per key: "<key>" then, per field, "\t<field>=<what JavaScript holds>", where a
// scalar is "<typeof>:<String(value)>" and an array "[" its elements so described, joined by ",", "]".
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
const describe = (v) => Array.isArray(v) ? '[' + v.map(describe).join(',') + ']' : typeof v + ':' + String(v);
for (const line of lines) {
  const tab = line.indexOf('\t');
  const row = JSON.parse(line.slice(tab + 1));
  const fields = Object.entries(row).map(([field, value]) => field + '=' + describe(value));
  console.log([line.slice(0, tab), ...fields].join('\t'));
}
