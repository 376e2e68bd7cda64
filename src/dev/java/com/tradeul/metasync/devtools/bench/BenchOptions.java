package com.tradeul.metasync.devtools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What to run.
 *
 * @param rows        table sizes, each run through every chosen scenario
 * @param repetitions runs of each scenario per size; the report holds their median
 * @param streaming   how long each latency rate is offered; throughput steps last a quarter of it (at least 2 s)
 * @param rates       the fixed change rates of the latency scenario, per second
 */
public record BenchOptions(List<Integer> rows, int repetitions, Set<Scenario> scenarios, Path out,
                           Duration streaming, List<Integer> rates, java.util.Map<String, String> settings) {

    public BenchOptions(List<Integer> rows, int repetitions, Set<Scenario> scenarios, Path out, Duration streaming, List<Integer> rates) {
        this(rows, repetitions, scenarios, out, streaming, rates, java.util.Map.of());
    }

    public BenchOptions {
        settings = java.util.Map.copyOf(settings);
        rows = List.copyOf(rows);
        scenarios = Set.copyOf(scenarios);
        rates = List.copyOf(rates);
        if (rows.isEmpty() || rows.stream().anyMatch(r -> r < 100)) {
            throw new IllegalArgumentException("--rows needs sizes of at least 100, was " + rows);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("--repetitions must be at least 1, was " + repetitions);
        }
        if (streaming.toSeconds() < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second, was " + streaming.toSeconds());
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("--rates needs rates of at least 1 change/s, was " + rates);
        }
    }

    Duration throughputStep() {
        return Duration.ofMillis(Math.max(2_000, streaming.toMillis() / 4));
    }
}
