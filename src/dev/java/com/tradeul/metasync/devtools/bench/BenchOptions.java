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
 * @param redis       the single Redis, a local Redis Cluster, or both side by side
 * @param clusterReplicas replicas of each of the cluster's three masters
 */
public record BenchOptions(List<Integer> rows, int repetitions, Set<Scenario> scenarios, Path out,
                           Duration streaming, List<Integer> rates, java.util.Map<String, String> settings,
                           RedisTarget redis, int clusterReplicas) {

    /**
     * The scenarios a Redis Cluster run measures. Snapshot and verify compare against baselines and
     * samples in one Redis's second database, which a cluster lacks; latency's watch of keyspace
     * notifications saw none on the cluster (0 of 8,000 changes, Lettuce cluster pub/sub on every
     * master), so it stays off there until that is found.
     */
    static final Set<Scenario> ON_CLUSTER = java.util.EnumSet.of(Scenario.REBUILD, Scenario.THROUGHPUT);

    public BenchOptions(List<Integer> rows, int repetitions, Set<Scenario> scenarios, Path out, Duration streaming, List<Integer> rates) {
        this(rows, repetitions, scenarios, out, streaming, rates, java.util.Map.of(), RedisTarget.SINGLE, 1);
    }

    public BenchOptions {
        java.util.Objects.requireNonNull(redis, "redis");
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
        if (clusterReplicas < 0 || clusterReplicas > 2) {
            throw new IllegalArgumentException("--cluster-replicas must be 0, 1 or 2, was " + clusterReplicas);
        }
        if (redis.cluster() && scenarios.stream().noneMatch(ON_CLUSTER::contains)) {
            throw new IllegalArgumentException("--redis " + redis.name().toLowerCase(java.util.Locale.ROOT)
                    + " measures rebuild and throughput on the cluster, and --scenarios has neither. Fix: add rebuild or throughput");
        }
    }

    /** The chosen scenarios that run on the cluster too. */
    Set<Scenario> clusterScenarios() {
        Set<Scenario> chosen = java.util.EnumSet.noneOf(Scenario.class);
        scenarios.stream().filter(ON_CLUSTER::contains).forEach(chosen::add);
        return chosen;
    }

    Duration throughputStep() {
        return Duration.ofMillis(Math.max(2_000, streaming.toMillis() / 4));
    }
}
