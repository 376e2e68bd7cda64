package com.tradeul.metasync.it;

import java.io.IOException;

/**
 * The entry point of {@link SecuredKafkaBroker}'s JVM: Kafka's own ({@code kafka.Kafka}), ended
 * through Kafka's shutdown hook when the test JVM closes this JVM's stdin, or dies.
 */
public final class SecuredKafkaBrokerMain {

    private SecuredKafkaBrokerMain() {}

    public static void main(String[] args) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent; only the end of the stream matters
                }
            } catch (IOException e) {
                // the test JVM is gone either way
            }
            System.exit(0);
        }, "stdin-watch");
        watch.setDaemon(true);
        watch.start();
        kafka.Kafka.main(args);
    }
}
