package com.tradeul.metasync.capture;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresConnectorConfig.AutoCreateMode;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's PostgreSQL task, except that a failure no retry can get past stops the engine instead
 * of being retried. Debezium 3.6.1's error handler takes any failure with an SQLException in its
 * causes for a lost connection, and with {@code errors.max.retries=-1} (which capture needs to
 * ride out a PostgreSQL restart) retries it forever: a streamed interval pgjdbc cannot parse would
 * restart the connector every few seconds, each time at the same change, and the engine would
 * never report it. The failures {@link CaptureFailures#cannotBeRetried} knows are turned into the
 * non-retriable kind, so the engine stops and hands them to capture's completion callback, which
 * explains them; every other failure is retried as before.
 *
 * <p>Its replication connection decodes pgoutput with {@link PgOutputTextTypes}, so that every
 * streamed value reaches metasync's converter as PostgreSQL's text. The same class runs on a Kafka
 * Connect worker ({@code connectors/kafka-connect-postgres.json}), from the metasync jar on the plugin
 * path; a connector configured there without metasync's converter first keeps Debezium's registry,
 * as Debezium's own conversion cannot read the text.
 *
 * <p>Before Debezium reads its configuration, the task gives a connector without snapshot SELECTs
 * the ones metasync computes from PostgreSQL's catalog ({@link ConnectTextPath}), so that on a
 * worker the snapshot reads PostgreSQL's text too. Here rather than in the connector's
 * {@code start}/{@code taskConfigs}: the task's {@code start} runs where the snapshot runs, with the
 * worker's secrets resolved, again at every task restart and at Debezium's own restarts after a
 * retriable failure (so a column added meanwhile is read), and the generated SELECTs stay out of
 * Connect's config topic; the embedded engine's already carry them and pass through unchanged.
 * Used by Debezium's engine thread only.
 */
public final class StoppingPostgresConnectorTask extends PostgresConnectorTask {

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        return super.start(ConnectTextPath.prepare(config));
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        try {
            return super.doPoll();
        } catch (RetriableException e) {
            if (CaptureFailures.cannotBeRetried(e)) {
                throw new ConnectException("capture stopped on a change no retry can get past", e.getCause() == null ? e : e.getCause());
            }
            throw e;
        }
    }

    /**
     * Debezium 3.6.1's own connection ({@code PostgresConnectorTask.buildReplicationConnection}),
     * with {@link PgOutputTextTypes} as the decoder's type registry. The settings its accessors
     * read (protected to Debezium's package) are read here the same way; its WARN about
     * {@code slot.drop.on.stop} is left out.
     */
    @Override
    protected ReplicationConnection buildReplicationConnection(PostgresConnection jdbcConnection, PostgresSchema schema,
                                                               PostgresConnectorConfig config) throws SQLException {
        Configuration settings = config.getConfig();
        ReplicationConnection connection = textPathConnection(jdbcConnection, schema, config, settings);
        boolean copied = settings.getBoolean(SlotKeepingReplicationConnection.SETTING, false);
        return copied || settings.getBoolean(SlotKeepingReplicationConnection.STREAM_SETTING, false)
                ? new SlotKeepingReplicationConnection(connection, config.slotName(),
                        () -> jdbcConnection.getReplicationSlotState(config.slotName(), config.plugin().getPostgresPluginName()) != null,
                        !copied)
                : connection;
    }

    private ReplicationConnection textPathConnection(PostgresConnection jdbcConnection, PostgresSchema schema,
                                                     PostgresConnectorConfig config, Configuration settings) throws SQLException {
        if (!TextPathRules.convertsAsText(settings.asMap())) {
            return super.buildReplicationConnection(jdbcConnection, schema, config);
        }
        return ReplicationConnection.builder(config)
                .withSlot(config.slotName())
                .withPublication(config.publicationName())
                .withTableFilter(config.getTableFilters())
                .withPublicationAutocreateMode(AutoCreateMode.parse(settings.getString(PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE)))
                .withPlugin(config.plugin())
                .dropSlotOnClose(settings.getBoolean(PostgresConnectorConfig.DROP_SLOT_ON_STOP))
                .createFailOverSlot(settings.getBoolean(PostgresConnectorConfig.CREATE_FAIL_OVER_SLOT))
                .streamParams(settings.getString(PostgresConnectorConfig.STREAM_PARAMS))
                .statusUpdateInterval(Duration.ofMillis(settings.getLong(PostgresConnectorConfig.STATUS_UPDATE_INTERVAL_MS)))
                .withTypeRegistry(PgOutputTextTypes.of(config.getJdbcConfig()))
                .withSchema(schema)
                .jdbcMetadataConnection(jdbcConnection)
                .build();
    }
}
