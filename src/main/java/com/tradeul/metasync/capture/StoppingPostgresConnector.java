package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's PostgreSQL connector with {@link StoppingPostgresConnectorTask} as its task: what the
 * embedded engine runs ({@link ConnectorProperties} puts it in place of
 * {@code io.debezium.connector.postgresql.PostgresConnector}; the connector file, shared with Kafka
 * Connect, keeps Debezium's name). Debezium instantiates it by name; stateless.
 */
public final class StoppingPostgresConnector extends PostgresConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return StoppingPostgresConnectorTask.class;
    }
}
