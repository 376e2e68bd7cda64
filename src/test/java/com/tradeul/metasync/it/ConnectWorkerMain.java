package com.tradeul.metasync.it;

import java.io.IOException;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * The entry point of {@link ConnectWorker}'s JVM: Kafka Connect's own distributed worker
 * ({@code connect-distributed.sh}'s class), ended through Connect's shutdown hook when the test JVM
 * closes this JVM's stdin, or dies. The only metasync class on the worker's classpath: it uses
 * nothing but the JDK and Connect, so the worker sees Debezium and metasync only through its
 * plugin path.
 */
public final class ConnectWorkerMain {

    private ConnectWorkerMain() {}

    public static void main(String[] args) {
        Thread watch = new Thread(ConnectWorkerMain::exitAtEndOfStdin, "stdin-watch");
        watch.setDaemon(true);
        watch.start();
        ConnectDistributed.main(args);
    }

    private static void exitAtEndOfStdin() {
        try {
            while (System.in.read() != -1) {
                // nothing is ever sent; only the end of the stream matters
            }
        } catch (IOException e) {
            // the test JVM is gone either way
        }
        System.exit(0);
    }
}
