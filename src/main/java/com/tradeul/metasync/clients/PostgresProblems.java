package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.PostgresSettings;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Why PostgreSQL (or pgjdbc) refused a connection, as one problem and the setting that fixes it.
 * pgjdbc gives TLS failures no SQLSTATE of their own (08006 for all), so they are told apart by
 * pgjdbc's and PostgreSQL's English messages. Pure; its messages never hold a secret, because
 * neither pgjdbc's nor PostgreSQL's messages do. Each is {@link ConfigException.Kind#UNREACHABLE} (no session
 * was opened), except a TLS file of metasync's own that cannot be used: a {@link ConfigException.Kind#SETTING}.
 */
final class PostgresProblems {

    private static final String CA = "postgres.sslrootcert to the CA certificate (PEM) that signed PostgreSQL's server"
            + " certificate (on a managed service, the provider's bundle, e.g. Amazon RDS's global-bundle.pem)";
    private static final String CA_FIX = "set " + CA;

    private PostgresProblems() {}

    static ConfigException of(SQLException e, PostgresSettings settings) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        String where = "PostgreSQL at " + settings.host() + ":" + settings.port();
        String user = "'" + settings.user() + "'";
        if (state.equals("28P01") || message.contains("password authentication failed")) {
            return ConfigException.unreachable(where + " refused the password of user " + user,
                    "set postgres.password (or METASYNC_POSTGRES_PASSWORD) to that user's password");
        }
        if (state.equals("28000")) {
            return refusedUser(message, where, user, settings);
        }
        if (state.equals("3D000")) {
            return ConfigException.unreachable(where + " has no database '" + settings.database() + "'",
                    "set postgres.database to the database that holds the tables");
        }
        if (message.contains("no password was provided")) {
            return ConfigException.unreachable(where + " asks user " + user + " for a password, but postgres.password is empty",
                    "set postgres.password (or METASYNC_POSTGRES_PASSWORD, or postgres.password-file) to that user's password");
        }
        ConfigException tls = tls(message, where, settings);
        if (tls != null) {
            return tls;
        }
        return ConfigException.unreachable("couldn't connect to " + where + " (" + message + ")",
                "start PostgreSQL, or set postgres.host and postgres.port to where it listens");
    }

    /** 28000 invalid_authorization_specification: pg_hba.conf, client certificates, unknown roles. */
    private static ConfigException refusedUser(String message, String where, String user, PostgresSettings settings) {
        if (message.contains("no pg_hba.conf entry") && message.contains("no encryption")) {
            return ConfigException.unreachable(where + " accepts user " + user + " only over TLS, and postgres.sslmode is '"
                    + settings.sslMode() + "'", "set postgres.sslmode=verify-full and " + CA);
        }
        if (message.contains("no pg_hba.conf entry")) {
            return ConfigException.unreachable(where + " has no pg_hba.conf entry that lets user " + user + " connect from here to database '"
                    + settings.database() + "'", "add a hostssl line for that user to pg_hba.conf and reload PostgreSQL"
                    + " (on a managed service: allow this network), or correct postgres.user");
        }
        if (message.contains("requires a valid client certificate")) {
            String key = settings.sslKey().toLowerCase(Locale.ROOT);
            if (key.endsWith(".p12") || key.endsWith(".pfx")) {
                // pgjdbc's PKCS12KeyManager reads the entry named "user" and nothing else; another name sends no certificate.
                return new ConfigException(where + " requires a client certificate from user " + user + ", and pgjdbc found none"
                        + " in postgres.sslkey (" + settings.sslKey() + "): it reads only the PKCS-12 entry named 'user'",
                        "export the key under that name: openssl pkcs12 -export -name user -in client.pem -inkey client.key"
                                + " -out client.p12, or give postgres.sslkey as PKCS-8 DER (.pk8) with postgres.sslcert");
            }
            return ConfigException.unreachable(where + " requires a client certificate from user " + user,
                    "set postgres.sslcert and postgres.sslkey to a certificate with CN=" + settings.user()
                            + " signed by the CA in the server's ssl_ca_file");
        }
        if (message.contains("certificate")) {
            return ConfigException.unreachable(where + " refused the client certificate postgres.sslcert for user " + user
                    + " (" + message + ")", "set postgres.sslcert and postgres.sslkey to a certificate whose CN is the user name, "
                    + settings.user());
        }
        return ConfigException.unreachable(where + " refused user " + user + " (" + message + ")",
                "set postgres.user to a role that may log in, and postgres.password to its password");
    }

    /** A TLS failure of pgjdbc's, or null when the message is not one. */
    private static ConfigException tls(String message, String where, PostgresSettings settings) {
        String lower = message.toLowerCase(Locale.ROOT);
        String mode = "postgres.sslmode is '" + settings.sslMode() + "'";
        if (message.contains("does not support SSL")) {
            return ConfigException.unreachable(where + " does not offer TLS, but " + mode,
                    "turn on ssl in PostgreSQL, or set postgres.sslmode=prefer (or disable) to connect without TLS");
        }
        if (message.contains("SSL root certificate file")) {
            return new ConfigException(mode + " but no CA certificate to check " + where + " against was found (" + message + ")",
                    CA_FIX);
        }
        if (message.contains("could not be verified by hostnameverifier")) {
            return ConfigException.unreachable("the certificate of " + where + " is not for host '" + settings.host() + "' (" + mode + ")",
                    "set postgres.host to a name the certificate holds (its subject alternative names), or postgres.sslmode=verify-ca"
                            + " to check the CA only");
        }
        if (lower.contains("ssl key file") || lower.contains("ssl certificate file") || lower.contains("decrypt")) {
            return new ConfigException("metasync cannot use its client certificate for " + where + " (" + message + ")",
                    "set postgres.sslcert to a PEM certificate and postgres.sslkey to its key as PKCS-8 DER (.pk8) or PKCS-12"
                            + " (.p12), with postgres.sslpassword when the key is encrypted");
        }
        if (lower.contains("pkix") || (lower.contains("certificate") && settings.verifiesServer())) {
            String trusted = settings.sslRootCert().isEmpty() ? "~/.postgresql/root.crt" : settings.sslRootCert();
            return ConfigException.unreachable(where + " presented a server certificate that postgres.sslrootcert (" + trusted
                    + ") does not trust (" + mode + ")", CA_FIX);
        }
        if (lower.contains("ssl")) {
            return ConfigException.unreachable("TLS with " + where + " failed (" + message + ", " + mode + ")",
                    "check postgres.sslmode, postgres.sslrootcert, postgres.sslcert and postgres.sslkey");
        }
        return null;
    }
}
