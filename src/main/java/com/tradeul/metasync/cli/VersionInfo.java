package com.tradeul.metasync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code metasync --version}: metasync's own version (from the build) and those of the engines it
 * embeds, which decide what it can carry and talk to; quoted in bug reports.
 */
final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "metasync " + metasyncVersion(),
            "Debezium " + io.debezium.connector.postgresql.Module.version()
                    + ", Kafka clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                    + ", Lettuce " + io.lettuce.core.LettuceVersion.getVersion()
                    + ", PostgreSQL JDBC " + org.postgresql.util.DriverInfo.DRIVER_VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The version Maven built (a resource filtered at build time); "dev" when run from unfiltered sources. */
    static String metasyncVersion() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("/metasync-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
