package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.CaptureSettings.OnSlotLost;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link SourceCheck}'s decisions before each run of capture's engine: remembers the
 * cluster, and for a fresh snapshot reads the change topics, records the new identity (so an
 * interrupted snapshot is taken again), drops the old slot and prepares the tombstones of the rows
 * the snapshot will not find. Between runs, {@link #watch} looks for what Debezium's own retries
 * would not end: an invalidated slot (Debezium waits half an hour for it) and another cluster behind
 * the same address. Used from capture's threads one at a time (its engine thread and watchdog
 * synchronize on it).
 */
final class SourceGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);

    /** One run of the engine: under which identity, and the fresh snapshot's reconciliation (null when streaming on). */
    record Plan(SourceIdentity identity, SnapshotReconciliation reconciliation) {
        Plan streaming() {
            return new Plan(identity.finished(), null);
        }
    }

    enum Watch { OK, RESTART }

    private final SourceProbe probe;
    private final SourceIdentityStore store;
    private final KafkaClients kafka;
    private final Set<String> topics;
    private final OnSlotLost policy;
    private final String slot;
    private final String where;
    private final SourceFaults faults;
    private final Clock clock;
    /** The generation whose slot the watchdog has seen: until then a missing slot is one Debezium has yet to create. */
    private int presentInGeneration = -1;
    /**
     * The run whose slot was dropped under it: every later look restarts it, even once a slot of the
     * same name is back (Debezium, starting, creates one when it finds none), until a new run begins.
     */
    private SourceIdentity dropUnder;

    SourceGuard(MetasyncConfig config, KafkaClients kafka, PostgresConnections postgres, SourceFaults faults, Clock clock) {
        this.probe = new SourceProbe(postgres);
        this.store = SourceIdentityStore.of(config, kafka);
        this.kafka = kafka;
        this.topics = config.tablesByTopic().keySet();
        this.policy = config.capture().onSlotLost();
        this.slot = config.postgres().slot();
        this.where = config.postgres().host() + ":" + config.postgres().port() + "/" + config.postgres().database();
        this.faults = faults;
        this.clock = clock;
    }

    /** @throws ConfigException when the policy is to stop, naming the fix */
    synchronized Plan prepare() {
        SourceIdentity stored = store.read().orElse(null);
        SourceCheck.Decision decision = SourceCheck.decide(probe.observe(), stored, policy, slot, where);
        if (decision instanceof SourceCheck.Decision.Stream stream) {
            if (!stream.identity().equals(stored)) {
                store.write(stream.identity());
                LOG.info("capture streams from PostgreSQL cluster {} (system identifier, remembered in case it is replaced)",
                        stream.identity().systemIdentifier());
            }
            return new Plan(stream.identity(), null);
        }
        if (decision instanceof SourceCheck.Decision.Stop stop) {
            LOG.error("{}. Fix: {}", stop.message(), stop.fix());
            throw new ConfigException(stop.message(), stop.fix());
        }
        return resnapshot((SourceCheck.Decision.Resnapshot) decision);
    }

    private Plan resnapshot(SourceCheck.Decision.Resnapshot decision) {
        LOG.warn("{}", decision.message());
        faults.began(decision.cause(), decision.message(), clock.instant());
        ChangeTopicScan.Result topicsNow = ChangeTopicScan.read(kafka, topics);
        SourceIdentity next = decision.shiftPositions()
                ? decision.next().withPositionBase(SourceIdentity.baseAbove(decision.next().positionBase(), topicsNow.highestPosition()))
                : decision.next();
        store.write(next); // from here an interrupted snapshot is taken again at the next start
        boolean dropped = probe.dropSlot();
        long before = probe.currentLsn();
        LOG.info("fresh snapshot {}: offsets {}, position base {}{}; the change topics hold {} live rows to check against it",
                decision.cause().label(), next.engineName(), next.positionBase(), dropped ? ", old slot " + slot + " dropped" : "",
                topicsNow.liveKeys().values().stream().mapToInt(Set::size).sum());
        return new Plan(next, new SnapshotReconciliation(topicsNow.liveKeys(), next.position(before)));
    }

    /**
     * Capture's copy snapshot begins without a fresh snapshot's plan (the first start): remembered as
     * pending, so that a snapshot interrupted half way is taken again at the next start, never
     * counted as done. A fresh snapshot's plan is pending already.
     */
    synchronized Plan copySnapshotBegins(Plan plan) {
        if (plan.identity().pending() != null) {
            return plan;
        }
        SourceIdentity pending = plan.identity().pending(SourceCheck.Cause.SNAPSHOT_INTERRUPTED);
        store.write(pending);
        return new Plan(pending, plan.reconciliation());
    }

    /** The first snapshot capture copied itself is in Kafka: capture streams on. */
    synchronized void copySnapshotFinished(Plan plan, long rowsRead) {
        store.write(plan.identity().finished());
        LOG.info("snapshot done: {} rows read; capture streams on from the slot's consistent point", rowsRead);
    }

    /** Whether capture's replication slot is missing now (a first start, or dropped for a fresh snapshot). */
    synchronized boolean slotMissing() {
        return probe.observe().slot() == SourceCheck.Slot.MISSING;
    }

    /** The fresh snapshot and its tombstones are in Kafka: capture streams on under the plan's identity. */
    synchronized void finished(Plan plan, long rowsRead, long tombstones) {
        store.write(plan.identity().finished());
        java.time.Duration took = faults.healed(clock.instant());
        LOG.info("fresh snapshot done in {} s: {} rows read, {} rows deleted meanwhile removed (tombstones); capture streams on",
                took.toMillis() / 1000.0, rowsRead, tombstones);
    }

    /**
     * Whether capture's engine, which stopped on an error, stopped because its position is gone:
     * then capture runs again ({@link #prepare} decides how). False when PostgreSQL cannot be read.
     */
    synchronized boolean explains(SourceIdentity running) {
        try {
            SourceCheck.Decision decision = SourceCheck.decide(probe.observe(), store.read().orElse(running), policy, slot, where);
            return !(decision instanceof SourceCheck.Decision.Stream);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A look while the engine runs. A slot seen in this run and gone now, or another cluster, ends the
     * run. An invalidated slot is dropped here (the fault recorded first, so
     * the next run knows it): Debezium's task start would otherwise retry it for half an hour instead
     * of failing. With capture.on-slot-lost=stop it is left for the operator and capture stops.
     *
     * @param streamed whether this run of the engine forwarded anything: its slot existed then
     * @throws ConfigException when the policy is to stop
     */
    synchronized Watch watch(SourceIdentity running, boolean streamed) {
        SourceCheck.Observed now;
        try {
            now = probe.observe();
        } catch (RuntimeException e) {
            return Watch.OK; // PostgreSQL unreachable: the monitor reports it, Debezium retries
        }
        if (!now.systemIdentifier().equals(running.systemIdentifier()) || running.equals(dropUnder)) {
            return Watch.RESTART;
        }
        if (now.slot() == SourceCheck.Slot.LOST) {
            SourceCheck.Decision decision = SourceCheck.decide(now, running.finished(), policy, slot, where);
            if (decision instanceof SourceCheck.Decision.Stop stop) {
                LOG.error("{}. Fix: {}", stop.message(), stop.fix());
                throw new ConfigException(stop.message(), stop.fix());
            }
            store.write(running.pending(SourceCheck.Cause.SLOT_LOST));
            probe.dropSlot();
            return Watch.RESTART;
        }
        if (now.slot() == SourceCheck.Slot.PRESENT) {
            presentInGeneration = running.generation();
        } else if (presentInGeneration == running.generation() || streamed) {
            // Dropped under a running engine: Debezium would notice only at its retry 10 s later (its restart wait).
            // Remembered as pending: a slot Debezium creates meanwhile holds none of the changes since the drop.
            SourceCheck.Decision decision = SourceCheck.decide(now, running.finished(), policy, slot, where);
            if (decision instanceof SourceCheck.Decision.Stop stop) {
                LOG.error("{}. Fix: {}", stop.message(), stop.fix());
                throw new ConfigException(stop.message(), stop.fix());
            }
            store.write(running.pending(SourceCheck.Cause.SLOT_DROPPED));
            dropUnder = running;
            presentInGeneration = -1;
            return Watch.RESTART;
        }
        return Watch.OK;
    }
}
