"""Reads ticker keys from Redis the way the market scanner does, and checks them against
PostgreSQL's own text rendering of each value (written by the Java test to a JSON file).

Usage: scanner_read.py REDIS_PORT KEY_PREFIX EXPECTED_JSON_FILE
Exit 0 when every value matches; prints one summary line and the first mismatches.
"""
import datetime
import decimal
import json
import sys

import redis


def as_postgres_text(value):
    """The scanner's parsed value, spelled as PostgreSQL's ::text would spell it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def main():
    port, prefix, expected_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(expected_file, encoding="utf-8") as f:
        expected = json.load(f)
    client = redis.Redis(host="127.0.0.1", port=port)
    mismatches, values = [], 0
    for symbol, columns in expected.items():
        raw = client.get(prefix + symbol)
        if raw is None:
            mismatches.append(f"{symbol}: key missing")
            continue
        row = json.loads(raw, parse_float=decimal.Decimal)
        for column, pg_text in columns.items():
            values += 1
            actual = row.get(column)
            if column == "listed_at" and actual is not None and pg_text is not None:
                same = datetime.datetime.fromisoformat(actual) == datetime.datetime.fromisoformat(pg_text)
            else:
                same = as_postgres_text(actual) == pg_text
            if not same:
                mismatches.append(f"{symbol}.{column}: PostgreSQL {pg_text!r} scanner {actual!r}")
    print(f"python scanner: {len(expected)} rows, {values} values, {len(mismatches)} mismatches")
    for line in mismatches[:20]:
        print("  " + line)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
