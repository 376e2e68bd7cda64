"""Reads Redis hashes as a Python reader does: redis-py's HGETALL, values decoded as UTF-8, nothing else.

Usage: read_hashes.py REDIS_PORT KEY_PATTERN
Output: one line per key, keys sorted: the key then, per field in the order HGETALL returns them,
TAB "<field>=<type>:<value>" (every value is a str: a hash holds text only).
"""
import sys

import redis


def main():
    port, pattern = int(sys.argv[1]), sys.argv[2]
    client = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    for key in sorted(client.scan_iter(match=pattern)):
        fields = client.hgetall(key)
        print("\t".join([key] + [f"{field}={type(value).__name__}:{value}" for field, value in fields.items()]))


if __name__ == "__main__":
    main()
