package com.tradeul.metasync.capture;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Which runs of Debezium's engine are being closed, for each run's Kafka offset store
 * ({@link AdminClosingKafkaOffsetStore}). Debezium instantiates that store by class name, so the
 * only way to it is the engine configuration: a run puts its token under {@link #PROPERTY}, the
 * store looks its signal up here. A run registers when built ({@link EngineRun}) and is forgotten
 * when it ends; the store keeps the signal it looked up. Thread safe.
 */
final class ClosingRuns {

    /** The engine property that carries the run's token; Debezium hands every property to the offset store. */
    static final String PROPERTY = "metasync.engine-run";

    private static final Map<String, CountDownLatch> RUNS = new ConcurrentHashMap<>();

    private ClosingRuns() {
    }

    /** A new run's token, its signal not raised. */
    static String register() {
        String token = UUID.randomUUID().toString();
        RUNS.put(token, new CountDownLatch(1));
        return token;
    }

    /** The run is being closed; nothing for a run already forgotten. */
    static void closing(String token) {
        CountDownLatch signal = RUNS.get(token);
        if (signal != null) {
            signal.countDown();
        }
    }

    /** The run ended: nothing looks its signal up any more. */
    static void forget(String token) {
        RUNS.remove(token);
    }

    /**
     * The signal of the run {@code token} names, counted down once it is closing; one never raised
     * for no token or one unknown (a store configured outside capture, or after its run ended).
     */
    static CountDownLatch signal(String token) {
        CountDownLatch signal = token == null ? null : RUNS.get(token);
        return signal != null ? signal : new CountDownLatch(1);
    }
}
