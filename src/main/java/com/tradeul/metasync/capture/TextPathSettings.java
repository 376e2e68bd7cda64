package com.tradeul.metasync.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector settings capture's text path derives from PostgreSQL's catalog, for the embedded
 * engine ({@link ConnectorProperties#forEngine}) and a Kafka Connect worker
 * ({@link ConnectTextPath}) alike, so that both snapshots read the same text: the snapshot's
 * SELECTs ({@link SnapshotOverrides}), the converter's user-defined types ({@link ConverterTypes}),
 * its unavailable-value placeholder, and the session pins in {@code database.options}. Pure;
 * thread safe.
 */
final class TextPathSettings {

    private TextPathSettings() {}

    /**
     * @param columns   what capture carries, as read from PostgreSQL's catalog
     * @param connector the connector's settings so far (for the user's own database.options and placeholder)
     * @return the settings to add to (and replace in) the connector's
     */
    static Map<String, String> of(CapturedColumns columns, Map<String, String> connector) {
        Map<String, String> settings = new LinkedHashMap<>(SnapshotOverrides.of(columns));
        String types = ConverterTypes.setting(columns.declaredTypes());
        if (!types.isEmpty()) {
            settings.put("metasync." + ExactTypesConverter.TYPES, types);
        }
        settings.put("metasync." + ExactTypesConverter.PLACEHOLDER,
                connector.getOrDefault("unavailable.value.placeholder", EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER));
        settings.put("database.options", ConnectorProperties.withSessionPins(connector.getOrDefault("database.options", "")));
        return settings;
    }

    /** Whether the connector already has snapshot SELECTs of its own (the user's, or metasync's from the embedded engine). */
    static boolean hasSnapshotSelects(Map<String, String> connector) {
        return connector.keySet().stream().anyMatch(key -> key.startsWith(SnapshotOverrides.LIST));
    }
}
