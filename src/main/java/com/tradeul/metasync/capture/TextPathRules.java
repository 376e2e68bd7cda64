package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Connector settings that would break capture's text path (every column carried as PostgreSQL's
 * output text, the snapshot read through {@link SnapshotOverrides}), refused at start with the
 * fix. Checked on the connector settings after the user's {@code debezium.*} overrides and
 * before metasync adds its own. Pure; thread safe.
 */
final class TextPathRules {

    private TextPathRules() {}

    /** @throws ConfigException naming the first setting that breaks the text path, and what to do */
    static void check(Map<String, String> connector) {
        connector.keySet().stream().filter(key -> key.startsWith(SnapshotOverrides.LIST)).findFirst().ifPresent(key -> {
            throw new ConfigException("connector setting " + key + " replaces the snapshot's SELECT, which metasync generates"
                    + " for every captured table so that the snapshot reads PostgreSQL's own text of each column",
                    "remove debezium." + key + ": metasync captures whole tables (to leave columns out, use"
                            + " debezium.column.exclude.list)");
        });
        if (!connector.getOrDefault("database.initial.statements", "").isBlank()) {
            throw new ConfigException("connector setting database.initial.statements runs only in the snapshot's session,"
                    + " not in the replication session that streams changes, so the two would print values differently",
                    "remove debezium.database.initial.statements; put session settings into debezium.database.options"
                            + " as -c name=value, which reaches both");
        }
        if (binaryStreaming(connector.getOrDefault("slot.stream.params", ""))) {
            throw new ConfigException("connector setting slot.stream.params asks pgoutput for binary values, which"
                    + " Debezium 3.6.1 cannot read", "remove binary=true from debezium.slot.stream.params");
        }
        checkConverter(connector);
        checkNothingDropped(connector);
        if (!"true".equalsIgnoreCase(connector.getOrDefault("include.unknown.datatypes", "false").trim())) {
            throw new ConfigException("connector setting include.unknown.datatypes is not true: Debezium would stream"
                    + " composite columns as NULL", "set debezium.include.unknown.datatypes=true, or remove the override");
        }
    }

    /**
     * Whether metasync's converter comes first among the connector's converters, so that it claims
     * every column and reads every value as PostgreSQL's text; without it, Debezium's own conversion
     * gets the values and must have them parsed ({@link StoppingPostgresConnectorTask}).
     */
    static boolean convertsAsText(Map<String, String> connector) {
        String first = connector.getOrDefault("converters", "").split(",")[0].trim();
        return first.equals("metasync") && ExactTypesConverter.class.getName().equals(connector.get("metasync.type"));
    }

    private static void checkConverter(Map<String, String> connector) {
        if (!convertsAsText(connector)) {
            throw new ConfigException("connector setting converters is '" + connector.getOrDefault("converters", "")
                    + "': metasync's converter must come first, as it reads every column as PostgreSQL's text (the snapshot"
                    + " selects text, which Debezium's own conversion would misread)",
                    "set debezium.converters=metasync (other converters after it: metasync,yours) and"
                            + " debezium.metasync.type=" + ExactTypesConverter.class.getName() + ", or remove the overrides");
        }
    }

    /**
     * Debezium's ways of leaving data out of events with a log line at most: a value it cannot
     * convert becomes null ({@code event.converting.failure.handling.mode}, whose default is warn),
     * a change it cannot process is dropped ({@code event.processing.failure.handling.mode}), and
     * skipped operations are never emitted. metasync's converter dead-letters what it cannot carry
     * instead, so these must stay at fail and capture every row change.
     */
    private static void checkNothingDropped(Map<String, String> connector) {
        for (String mode : new String[] {"event.converting.failure.handling.mode", "event.processing.failure.handling.mode"}) {
            String value = connector.getOrDefault(mode, mode.startsWith("event.converting") ? "warn" : "fail").trim();
            if (!value.equalsIgnoreCase("fail")) {
                throw new ConfigException("connector setting " + mode + " is '" + value + "': Debezium would "
                        + (mode.startsWith("event.converting") ? "turn a value it cannot convert into null"
                                : "drop a change it cannot process") + " with only a log line, and Redis would serve it as if exact",
                        "set debezium." + mode + "=fail, or remove the override (metasync dead-letters a row it cannot"
                                + " carry, see tables.<schema.table>.on-unconvertible)");
            }
        }
        String skipped = connector.getOrDefault("skipped.operations", "t").toLowerCase(Locale.ROOT);
        if (Arrays.stream(skipped.split(",")).map(String::trim).anyMatch(op -> op.equals("c") || op.equals("u") || op.equals("d"))) {
            throw new ConfigException("connector setting skipped.operations is '" + skipped + "': Debezium would leave those"
                    + " row changes out with no warning, and Redis would serve the rows as they were",
                    "set debezium.skipped.operations=none, or remove the override");
        }
    }

    /** slot.stream.params is {@code name=value;name=value}. */
    static boolean binaryStreaming(String params) {
        return Arrays.stream(params.split(";")).map(p -> p.split("=", 2)).anyMatch(p -> p.length == 2
                && p[0].trim().equalsIgnoreCase("binary")
                && Map.of("true", 1, "on", 1, "1", 1, "yes", 1).containsKey(p[1].trim().toLowerCase(Locale.ROOT)));
    }
}
