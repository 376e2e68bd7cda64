"""Reads Redis values as a Python reader does: redis-py and json.loads, nothing opted in (or, with
--decimal, json.loads(..., parse_float=decimal.Decimal), the opt-in that keeps every digit).

Usage: read_values.py REDIS_PORT KEY_PATTERN [--decimal]
Output: one line per key: the key then, per field, TAB "<field>=<what Python holds>", where a
scalar is "<type>:<str(value)>" and a list "[" its elements so described, joined by ",", "]".
"""
import decimal
import json
import sys

import redis


def describe(value):
    if isinstance(value, list):
        return "[" + ",".join(describe(v) for v in value) + "]"
    return type(value).__name__ + ":" + str(value)


def main():
    port, pattern = int(sys.argv[1]), sys.argv[2]
    options = {"parse_float": decimal.Decimal} if "--decimal" in sys.argv[3:] else {}
    client = redis.Redis(host="127.0.0.1", port=port)
    for key in sorted(client.scan_iter(match=pattern)):
        row = json.loads(client.get(key), **options)
        print("\t".join([key.decode()] + [f"{field}={describe(value)}" for field, value in row.items()]))


if __name__ == "__main__":
    main()
