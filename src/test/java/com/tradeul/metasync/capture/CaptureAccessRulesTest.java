package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.capture.AccessVerdict.Kind;
import com.tradeul.metasync.capture.CaptureAccessRules.Publication;
import com.tradeul.metasync.capture.CaptureAccessRules.Role;
import com.tradeul.metasync.capture.CaptureAccessRules.SlotTrial;
import com.tradeul.metasync.capture.CaptureAccessRules.SlotTrial.Outcome;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.monitor.SlotStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureAccessRulesTest {

    private static final String REPLICATION_FIX =
            "ALTER ROLE \"app\" WITH REPLICATION; (on Amazon RDS and Aurora: GRANT rds_replication TO \"app\";)";
    private static final List<TableId> TABLES = List.of(TableId.parse("public.t"), TableId.parse("public.u"));

    @ParameterizedTest(name = "{0}, superuser={1}, REPLICATION={2}, roles={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // What the user could do decides; the attributes only when it could not be tried.
        "CREATED   | false | false |                 | ALLOWED | created and dropped a temporary pgoutput slot",
        "CREATED   | true  | false |                 | ALLOWED | created and dropped a temporary pgoutput slot (superuser)",
        "CREATED   | false | false | rds_replication | ALLOWED | (member of rds_replication)",
        "DENIED    | false | false |                 | DENIED  | PostgreSQL user 'app' may not create or use replication slots (why)",
        "DENIED    | true  | true  |                 | DENIED  | may not create or use replication slots",
        "NOT_TRIED | false | true  |                 | ALLOWED | REPLICATION attribute; a temporary slot could not be tried (why)",
        "NOT_TRIED | false | false | rds_replication | ALLOWED | member of rds_replication; a temporary slot could not be tried",
        "NOT_TRIED | false | false |                 | UNSURE  | could not be tried (why), and user 'app' has neither",
    })
    void replication_privilege_is_what_the_user_could_do(Outcome outcome, boolean superuser, boolean replication, String roles,
                                                          Kind kind, String detail) {
        Role role = new Role(superuser, replication, roles == null ? List.of() : List.of(roles));

        AccessVerdict verdict = CaptureAccessRules.replication("app", new SlotTrial(outcome, "why"), role);

        assertThat(verdict.kind()).isEqualTo(kind);
        assertThat(verdict.detail()).contains(detail);
        assertThat(verdict.fix()).isEqualTo(kind == Kind.ALLOWED ? "" : REPLICATION_FIX);
    }

    @ParameterizedTest(name = "database={0}, plugin={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "db    | pgoutput    | ALLOWED | in database 'db', plugin pgoutput",
        "      | pgoutput    | ALLOWED | plugin pgoutput",
        "other | pgoutput    | DENIED  | replication slot s belongs to database 'other', not 'db'",
        "db    | decoderbufs | DENIED  | replication slot s uses plugin decoderbufs, metasync's capture uses pgoutput",
    })
    void an_existing_slot_must_be_of_this_database_and_pgoutput(String database, String plugin, Kind kind, String detail) {
        AccessVerdict verdict = CaptureAccessRules.slot(new SlotStatus("s", true, false, "reserved", 0, plugin, database), "db");

        assertThat(verdict.kind()).isEqualTo(kind);
        assertThat(verdict.detail()).contains(detail);
    }

    @Test
    void a_missing_slot_is_created_by_capture() {
        assertThat(CaptureAccessRules.slot(SlotStatus.missing("s"), "db").kind()).isEqualTo(Kind.ALLOWED);
    }

    @ParameterizedTest(name = "USAGE={0}, SELECT={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "true  | true  | ALLOWED | ",
        "true  | false | DENIED  | GRANT SELECT ON public.t TO \"app\";",
        "false | false | DENIED  | GRANT USAGE ON SCHEMA public TO \"app\"; GRANT SELECT ON public.t TO \"app\";",
    })
    void tables_must_be_readable(boolean usage, boolean select, Kind kind, String fix) {
        AccessVerdict verdict = CaptureAccessRules.readable("app", TableId.parse("public.t"), usage, select);

        assertThat(verdict.kind()).isEqualTo(kind);
        assertThat(verdict.fix()).isEqualTo(fix == null ? "" : fix);
    }

    @Test
    void a_denied_verdict_stops_capture_as_an_unfit_postgresql() {
        AccessVerdict denied = CaptureAccessRules.readable("app", TableId.parse("public.t"), true, false);

        assertThatThrownBy(denied::orThrow).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConfigException.Kind.UNFIT);
            assertThat(e.fix()).isEqualTo("GRANT SELECT ON public.t TO \"app\";");
        });
    }

    @ParameterizedTest(name = "{0}: exists={1} allTables={2} owned={3} missing={4} extra={5} mayCreate={6} notOwned={7} -> {8}")
    @CsvSource(delimiter = '|', value = {
        // filtered (metasync's mode): capture creates the publication, or sets its tables to postgres.tables.
        "filtered   | false | false | false |                 |          | true  |          | ALLOWED | ",
        "filtered   | false | false | false |                 |          | false |          | DENIED  | as the tables' owner: CREATE PUBLICATION p FOR TABLE public.t, public.u; Or let the user create it: GRANT CREATE ON DATABASE \"db\" TO \"app\";",
        "filtered   | false | false | false |                 |          | true  | public.u | DENIED  | as the tables' owner: CREATE PUBLICATION p FOR TABLE public.t, public.u; Or let the user create it: ALTER TABLE public.u OWNER TO \"app\";",
        "filtered   | false | false | false |                 |          | false | public.u | DENIED  | Or let the user create it: GRANT CREATE ON DATABASE \"db\" TO \"app\"; ALTER TABLE public.u OWNER TO \"app\";",
        // An existing publication that already covers the tables needs no privilege at all.
        "filtered   | true  | false | false |                 |          | false | public.t | ALLOWED | ",
        "filtered   | true  | false | true  | public.u        |          | false |          | ALLOWED | ",
        "filtered   | true  | false | false | public.u        |          | true  |          | DENIED  | as the publication's owner: ALTER PUBLICATION p SET TABLE public.t, public.u;",
        "filtered   | true  | false | true  |                 | public.x | true  | public.t | DENIED  | as the publication's owner: ALTER PUBLICATION p SET TABLE public.t, public.u;",
        "filtered   | true  | true  | true  |                 |          | true  |          | DENIED  | DROP PUBLICATION p; (capture creates it for postgres.tables) or set debezium.publication.autocreate.mode=all_tables",
        // disabled: the DBA keeps the publication; capture never changes it.
        "disabled   | false | false | true  |                 |          | true  |          | DENIED  | as the tables' owner: CREATE PUBLICATION p FOR TABLE public.t, public.u;",
        "disabled   | true  | false | true  | public.u        |          | true  |          | DENIED  | as its owner: ALTER PUBLICATION p ADD TABLE public.u;",
        "disabled   | true  | false | false |                 | public.x | false | public.t | ALLOWED | ",
        "all_tables | true  | true  | false |                 |          | false |          | ALLOWED | ",
        "all_tables | false | false | false |                 |          | false |          | UNSURE  | as the tables' owner: CREATE PUBLICATION p FOR TABLE public.t, public.u;",
    })
    void publication_is_judged_by_what_capture_will_do_to_it(String mode, boolean exists, boolean allTables, boolean owned,
                                                              String missing, String extra, boolean mayCreate, String notOwned,
                                                              Kind kind, String fix) {
        Publication publication = new Publication(exists, allTables, owned, List.of(), tables(missing), tables(extra), mayCreate,
                tables(notOwned));

        AccessVerdict verdict = CaptureAccessRules.publication("p", "app", "db", mode, TABLES, publication);

        assertThat(verdict.kind()).as(verdict.detail()).isEqualTo(kind);
        assertThat(verdict.fix()).contains(fix == null ? "" : fix);
        if (kind == Kind.ALLOWED) {
            assertThat(verdict.fix()).isEmpty();
        }
    }

    @Test
    void a_denied_publication_says_what_the_user_lacks() {
        Publication cannot = new Publication(false, false, false, List.of(), TABLES, List.of(), false, List.of(TableId.parse("public.u")));

        AccessVerdict verdict = CaptureAccessRules.publication("p", "app", "db", "filtered", TABLES, cannot);

        assertThat(verdict.detail()).isEqualTo("publication p does not exist; capture would create it at start, but user 'app'"
                + " has no CREATE privilege on database 'db' and does not own public.u (PostgreSQL 15 publishes a table for its owner only)");
    }

    @Test
    void a_publication_must_publish_every_operation_whatever_the_mode() {
        Publication noTruncate = new Publication(true, false, true, List.of("truncate"), List.of(), List.of(), true, List.of());

        AccessVerdict verdict = CaptureAccessRules.publication("p", "app", "db", "disabled", TABLES, noTruncate);

        assertThat(verdict.kind()).isEqualTo(Kind.DENIED);
        assertThat(verdict.detail()).isEqualTo("publication p does not publish truncate");
        assertThat(verdict.fix()).isEqualTo("ALTER PUBLICATION p SET (publish = 'insert, update, delete, truncate');");
    }

    private static List<TableId> tables(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(TableId::parse).toList();
    }
}
