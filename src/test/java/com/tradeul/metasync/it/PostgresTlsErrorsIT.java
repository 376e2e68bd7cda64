package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a PostgreSQL configured as production is ({@link SecuredPostgres}), each wrong
 * credential or certificate stops {@code metasync run} with exit code 7 (not reached) and one line
 * naming the setting and the fix, without the password; a user lacking a privilege gets the exact
 * GRANT or ALTER from doctor and from run (exit code 8, unfit), and doing what they say is enough.
 */
class PostgresTlsErrorsIT {

    private static TestServices services;
    private static SecuredPostgres postgres;
    private static String table;

    @BeforeAll
    static void startSecuredPostgres() throws Exception {
        services = TestServices.get();
        postgres = SecuredPostgres.start(services);
        table = services.uniqueName("tlserr");
        postgres.loadTickers(table, 10, SecuredPostgres.APP_USER);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void a_wrong_password_names_postgres_password_and_shows_neither_password() {
        String wrong = "wrong-" + UUID.randomUUID();

        CliRunner.Outcome outcome = CliRunner.run("run", postgres.config(table, Map.of("postgres.password", wrong)));

        assertOneLine(outcome, ExitCodes.UNREACHABLE, "PostgreSQL at 127.0.0.1:" + postgres.server.port() + " refused the password of user '"
                + SecuredPostgres.APP_USER + "'. Fix: set postgres.password");
        assertThat(outcome.out() + outcome.err()).doesNotContain(wrong);
    }

    @Test
    void a_server_certificate_from_another_ca_names_postgres_sslrootcert() {
        String other = postgres.otherCa.caCertificate().toString();

        CliRunner.Outcome outcome = CliRunner.run("run", postgres.config(table, Map.of("postgres.sslrootcert", other)));

        assertOneLine(outcome, ExitCodes.UNREACHABLE, "presented a server certificate that postgres.sslrootcert (" + other + ") does not trust"
                + " (postgres.sslmode is 'verify-full'). Fix: set postgres.sslrootcert to the CA certificate (PEM)");
    }

    @Test
    void an_unencrypted_connection_to_a_tls_only_server_names_postgres_sslmode() {
        CliRunner.Outcome outcome = CliRunner.run("run", postgres.config(table, Map.of("postgres.sslmode", "disable")));

        assertOneLine(outcome, ExitCodes.UNREACHABLE, "accepts user '" + SecuredPostgres.APP_USER + "' only over TLS, and postgres.sslmode is 'disable'."
                + " Fix: set postgres.sslmode=verify-full and postgres.sslrootcert");
    }

    @Test
    void a_user_lacking_privileges_is_told_each_grant_and_the_grants_suffice() throws Exception {
        String user = "metasync_plain";
        String password = "pg-" + UUID.randomUUID();
        String readable = services.uniqueName("granted");
        String unreadable = services.uniqueName("notgranted");
        postgres.server.createRole(user, password, "LOGIN");
        postgres.loadTickers(readable, 10, "postgres");
        postgres.loadTickers(unreadable, 10, "postgres");
        postgres.sql("GRANT SELECT ON " + readable + " TO " + user);
        MetasyncConfig config = postgres.config(readable, Map.of("postgres.user", user, "postgres.password", password,
                "postgres.tables", "public." + readable + ",public." + unreadable));
        String publication = config.postgres().publication();

        CliRunner.Outcome doctor = CliRunner.run("doctor", config);
        System.out.print(doctor.out());
        assertThat(doctor.exitCode()).isEqualTo(6);
        assertThat(doctor.out())
                .contains("FAIL  replication privilege of " + user + ": PostgreSQL user '" + user + "' may not create or use"
                        + " replication slots (")
                .contains("fix: ALTER ROLE \"" + user + "\" WITH REPLICATION; (on Amazon RDS and Aurora: GRANT rds_replication TO \""
                        + user + "\";)")
                .contains("FAIL  SELECT on public." + unreadable + ": user '" + user + "' may not SELECT public." + unreadable)
                .contains("fix: GRANT SELECT ON public." + unreadable + " TO \"" + user + "\";")
                .contains("FAIL  publication " + publication + ": publication " + publication + " does not exist; capture would"
                        + " create it at start, but user '" + user + "' has no CREATE privilege on database 'postgres' and does not own")
                .contains("fix: as the tables' owner: CREATE PUBLICATION " + publication + " FOR TABLE public." + readable
                        + ", public." + unreadable + ";")
                .doesNotContain(password);
        assertOneLine(CliRunner.run("run", config), ExitCodes.UNFIT, "may not create or use replication slots");

        // Exactly what the fixes say, run by the DBA: the tables' owner is the superuser here.
        postgres.sql("ALTER ROLE \"" + user + "\" WITH REPLICATION");
        postgres.sql("GRANT SELECT ON public." + unreadable + " TO \"" + user + "\"");
        postgres.sql("CREATE PUBLICATION " + publication + " FOR TABLE public." + readable + ", public." + unreadable);
        CliRunner.Outcome fixed = CliRunner.run("doctor", config);
        System.out.print(fixed.out());
        assertThat(postgresSection(fixed.out())).contains("PASS  replication privilege of " + user)
                .contains("PASS  SELECT on public." + unreadable)
                .contains("PASS  publication " + publication + ": publishes every configured table")
                .doesNotContain("FAIL  ");
    }

    /** Doctor's PostgreSQL lines: Kafka and Redis are the shared test ones, not this test's business. */
    private static String postgresSection(String doctorOut) {
        int start = doctorOut.indexOf("PostgreSQL\n");
        int end = doctorOut.indexOf("\nKafka\n", start);
        assertThat(start).as(doctorOut).isNotNegative();
        return doctorOut.substring(start, end < 0 ? doctorOut.length() : end);
    }

    /** {@code exitCode}, one line on stderr holding {@code expected}, and no password in anything printed. */
    private static void assertOneLine(CliRunner.Outcome outcome, int exitCode, String expected) {
        System.out.print("stderr: " + outcome.err());
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(exitCode);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains(expected);
        assertThat(outcome.out() + outcome.err()).doesNotContain(postgres.appPassword);
    }
}
