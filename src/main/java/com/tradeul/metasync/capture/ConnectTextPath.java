package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.TableId;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a connector that nobody prepared (one posted to a Kafka Connect worker) what the embedded
 * engine gets from metasync's start-up checks: the captured tables' columns read from PostgreSQL's
 * catalog ({@link ColumnCatalog}), over a connection made from the connector's own
 * {@code database.*} settings, and from them the same {@link TextPathSettings}, so that the
 * snapshot reads PostgreSQL's text instead of pgjdbc's typed values. Only when metasync's converter
 * comes first and the connector has no snapshot SELECTs yet (the user's own, or those the embedded
 * engine already put). Stateless; thread safe.
 */
final class ConnectTextPath {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectTextPath.class);

    private ConnectTextPath() {}

    /**
     * @return the configuration Debezium's task is to start with
     * @throws RetriableException when PostgreSQL cannot be reached (Debezium retries the start, as for its own connection)
     * @throws ConnectException   when the catalog cannot be read or a column cannot be carried: the task fails
     */
    static Configuration prepare(Configuration config) {
        Map<String, String> connector = config.asMap();
        if (!TextPathRules.convertsAsText(connector)) {
            return config;
        }
        if (TextPathSettings.hasSnapshotSelects(connector)) {
            LOG.info("the connector sets {} itself: its snapshot SELECTs are kept as they are", SnapshotOverrides.LIST);
            return config;
        }
        CapturedColumns columns = read(config, connector);
        LOG.info("snapshot reads PostgreSQL's text of {} table(s): {}", columns.tables().size(), columns.tables().keySet());
        return config.edit().with(Configuration.from(TextPathSettings.of(columns, connector))).build();
    }

    private static CapturedColumns read(Configuration config, Map<String, String> connector) {
        Tables.TableFilter captured = new PostgresConnectorConfig(config).getTableFilters().dataCollectionFilter();
        String where = connector.getOrDefault("database.user", "") + "@" + connector.getOrDefault("database.hostname", "")
                + ":" + connector.getOrDefault("database.port", "5432") + "/" + connector.getOrDefault("database.dbname", "");
        try (Connection connection = PostgresConnections.openFromConnector(connector, "connect-catalog")) {
            return new ColumnCatalog(connection).capturedBy(table -> captured(captured, table), ColumnFilter.of(connector));
        } catch (SQLException e) {
            String problem = "metasync could not read the captured tables' columns from PostgreSQL at " + where
                    + ", which the snapshot needs to read each column as PostgreSQL's text: " + e.getMessage();
            if (PostgresConnections.kindOf(e) == ConfigException.Kind.UNREACHABLE) {
                throw new RetriableException(problem, e);
            }
            throw new ConnectException(problem + "; check the connector's database.* settings and that database.user may"
                    + " read pg_catalog", e);
        } catch (ConfigException e) {
            throw new ConnectException(e.problem() + "; fix: " + e.fix(), e);
        }
    }

    /** Debezium's PostgreSQL table ids have no catalog. */
    private static boolean captured(Tables.TableFilter filter, TableId table) {
        return filter.isIncluded(new io.debezium.relational.TableId(null, table.schema(), table.table()));
    }
}
