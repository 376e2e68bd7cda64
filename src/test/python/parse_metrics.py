#!/usr/bin/env python3
"""Parses Prometheus text format from stdin with the official Python client's parser and prints
every sample as JSON: {"families": {name: type}, "samples": [[name, labels, value], ...]}.
A format error makes the parser raise, and this script exit non-zero with the error."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = family.type
    for s in family.samples:
        value = None if math.isnan(s.value) else s.value
        samples.append([s.name, s.labels, value])
print(json.dumps({"families": families, "samples": samples}))
