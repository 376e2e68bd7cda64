package com.tradeul.metasync.apply;

import java.util.List;

/** Where apply sends the records that can never be applied. Used from one thread at a time. */
public interface DeadLetters {

    /**
     * Returns only once every record is stored, so that its source offset may then be committed.
     *
     * @param poison never null; each record with the reason it cannot be applied
     * @throws IllegalStateException when they cannot be stored: apply stops rather than lose them
     */
    void publish(List<BatchPlan.PoisonRecord> poison);
}
