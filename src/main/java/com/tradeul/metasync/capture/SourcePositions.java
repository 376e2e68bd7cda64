package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.MetasyncConfig;

/**
 * The positions capture forwards are PostgreSQL's LSNs plus the base it keeps ({@link SourceIdentity#positionBase}),
 * raised when PostgreSQL was replaced by another cluster. What else writes positioned records into
 * the change topics (verify's repair) must add the same base, or the fences take its records for old ones.
 */
public final class SourcePositions {

    private SourcePositions() {}

    /** The base capture adds now; 0 when capture never lost a cluster (or never ran). */
    public static long base(MetasyncConfig config, KafkaClients kafka) {
        return SourceIdentityStore.of(config, kafka).read().map(SourceIdentity::positionBase).orElse(0L);
    }
}
