package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.monitor.SlotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether {@code postgres.user} may do what capture does, judged from what it could actually do
 * (a temporary slot it created) and from PostgreSQL's own privilege functions, never from
 * {@code rolsuper} alone: managed services (Amazon RDS, Cloud SQL, Azure) give no superuser.
 * Pure: every rule is unit-tested without a database.
 */
public final class CaptureAccessRules {

    /** Provider roles whose members may replicate although they lack the REPLICATION attribute. */
    public static final List<String> PROVIDER_REPLICATION_ROLES = List.of("rds_replication");

    /** The outcome of creating and dropping a temporary logical slot with pgoutput. */
    public record SlotTrial(Outcome outcome, String message) {
        public enum Outcome { CREATED, DENIED, NOT_TRIED }
    }

    /** @param replicationRoles those of {@link #PROVIDER_REPLICATION_ROLES} the user is a member of */
    public record Role(boolean superuser, boolean replication, List<String> replicationRoles) {}

    /**
     * The publication as it is, and what the user may do to it.
     *
     * @param missing configured tables it does not publish; {@code extra}: published tables not configured
     * @param owned whether the user has the privileges of the publication's owner
     * @param mayCreate CREATE on the database (what CREATE PUBLICATION needs)
     * @param notOwned configured tables the user does not own (PostgreSQL 15 publishes only a table's owner's)
     */
    public record Publication(boolean exists, boolean allTables, boolean owned, List<String> missingOperations,
                              List<TableId> missing, List<TableId> extra, boolean mayCreate, List<TableId> notOwned) {}

    private CaptureAccessRules() {}

    public static AccessVerdict replication(String user, SlotTrial trial, Role role) {
        String evidence = evidence(role);
        switch (trial.outcome()) {
            case CREATED:
                return AccessVerdict.allowed("created and dropped a temporary pgoutput slot"
                        + (evidence.isEmpty() ? "" : " (" + evidence + ")"));
            case DENIED:
                return AccessVerdict.denied("PostgreSQL user '" + user + "' may not create or use replication slots ("
                        + trial.message() + ")", replicationFix(user));
            default:
                String tried = "a temporary slot could not be tried (" + trial.message() + ")";
                if (!evidence.isEmpty()) {
                    return AccessVerdict.allowed(evidence + "; " + tried);
                }
                return AccessVerdict.unsure(tried + ", and user '" + user + "' has neither the REPLICATION attribute nor"
                        + " superuser nor " + String.join(", ", PROVIDER_REPLICATION_ROLES), replicationFix(user));
        }
    }

    private static String evidence(Role role) {
        if (role.superuser()) {
            return "superuser";
        }
        if (role.replication()) {
            return "REPLICATION attribute";
        }
        return role.replicationRoles().isEmpty() ? "" : "member of " + String.join(", ", role.replicationRoles());
    }

    static String replicationFix(String user) {
        return "ALTER ROLE \"" + user + "\" WITH REPLICATION; (on Amazon RDS and Aurora: GRANT rds_replication TO \"" + user + "\";)";
    }

    /** An existing slot capture can use: in this database, with pgoutput. */
    public static AccessVerdict slot(SlotStatus slot, String database) {
        if (!slot.exists()) {
            return AccessVerdict.allowed("does not exist yet: capture creates it at first start (and snapshots the tables)");
        }
        String drop = "SELECT pg_drop_replication_slot('" + slot.slot() + "'); then restart metasync (it snapshots again)";
        if (slot.database() != null && !slot.database().equals(database)) {
            return AccessVerdict.denied("replication slot " + slot.slot() + " belongs to database '" + slot.database()
                    + "', not '" + database + "'", "set postgres.slot to a name of its own, or, if nothing uses it: " + drop);
        }
        if (!"pgoutput".equals(slot.plugin())) {
            return AccessVerdict.denied("replication slot " + slot.slot() + " uses plugin " + slot.plugin()
                    + ", metasync's capture uses pgoutput", drop);
        }
        return AccessVerdict.allowed("in database '" + database + "', plugin pgoutput");
    }

    /** The snapshot, verify and repair read the table. */
    public static AccessVerdict readable(String user, TableId table, boolean schemaUsage, boolean select) {
        String grantSelect = "GRANT SELECT ON " + table + " TO \"" + user + "\";";
        if (!schemaUsage) {
            return AccessVerdict.denied("user '" + user + "' may not use schema " + table.schema() + ", so it cannot read " + table,
                    "GRANT USAGE ON SCHEMA " + table.schema() + " TO \"" + user + "\"; " + grantSelect);
        }
        if (!select) {
            return AccessVerdict.denied("user '" + user + "' may not SELECT " + table + " (the snapshot and verify read it)", grantSelect);
        }
        return AccessVerdict.allowed("SELECT granted");
    }

    /**
     * @param mode Debezium's publication.autocreate.mode: filtered (metasync's), disabled, all_tables or no_tables
     */
    public static AccessVerdict publication(String name, String user, String database, String mode, List<TableId> tables,
                                            Publication p) {
        if (p.exists() && !p.missingOperations().isEmpty()) {
            return AccessVerdict.denied("publication " + name + " does not publish " + String.join(", ", p.missingOperations()),
                    "ALTER PUBLICATION " + name + " SET (publish = 'insert, update, delete, truncate');");
        }
        String createByOwner = "as the tables' owner: CREATE PUBLICATION " + name + " FOR TABLE " + list(tables) + ";";
        switch (mode) {
            case "filtered":
                return filtered(name, user, database, tables, p, createByOwner);
            case "disabled":
                if (!p.exists()) {
                    return AccessVerdict.denied("publication " + name + " does not exist, and capture may not create it"
                            + " (publication.autocreate.mode=disabled)", createByOwner);
                }
                if (!p.missing().isEmpty()) {
                    return AccessVerdict.denied("publication " + name + " does not include " + list(p.missing())
                            + " (publication.autocreate.mode=disabled), so their changes never arrive",
                            "as its owner: ALTER PUBLICATION " + name + " ADD TABLE " + list(p.missing()) + ";");
                }
                return AccessVerdict.allowed("publishes every configured table");
            default:
                return p.exists() ? AccessVerdict.allowed("exists (publication.autocreate.mode=" + mode + ")")
                        : AccessVerdict.unsure("does not exist; capture creates it as publication.autocreate.mode=" + mode
                        + " says (FOR ALL TABLES needs a superuser)", createByOwner);
        }
    }

    /** Debezium's filtered mode creates the publication, or sets its tables to exactly postgres.tables. */
    private static AccessVerdict filtered(String name, String user, String database, List<TableId> tables, Publication p,
                                          String createByOwner) {
        if (p.exists() && p.allTables()) {
            return AccessVerdict.denied("publication " + name + " is FOR ALL TABLES, which capture's publication.autocreate.mode"
                    + "=filtered refuses to change", "DROP PUBLICATION " + name + "; (capture creates it for postgres.tables)"
                    + " or set debezium.publication.autocreate.mode=all_tables");
        }
        if (p.exists() && p.missing().isEmpty() && p.extra().isEmpty()) {
            return AccessVerdict.allowed("publishes every configured table");
        }
        return p.exists() ? update(name, user, tables, p) : create(name, user, database, p, createByOwner);
    }

    /** ALTER PUBLICATION ... SET TABLE needs the publication's owner's privileges and ownership of every table. */
    private static AccessVerdict update(String name, String user, List<TableId> tables, Publication p) {
        String differs = (p.missing().isEmpty() ? "" : " lacks " + list(p.missing()))
                + (p.missing().isEmpty() || p.extra().isEmpty() ? "" : " and")
                + (p.extra().isEmpty() ? "" : " also publishes " + list(p.extra()));
        if (p.owned() && p.notOwned().isEmpty()) {
            return AccessVerdict.allowed(differs.strip() + ": capture sets it to postgres.tables at start");
        }
        List<String> lacks = new ArrayList<>();
        if (!p.owned()) {
            lacks.add("does not own the publication");
        }
        if (!p.notOwned().isEmpty()) {
            lacks.add(notOwned(p));
        }
        return AccessVerdict.denied("publication " + name + differs + "; capture would set it to postgres.tables at start, but"
                + " user '" + user + "' " + String.join(" and ", lacks),
                "as the publication's owner: ALTER PUBLICATION " + name + " SET TABLE " + list(tables) + ";");
    }

    /** CREATE PUBLICATION ... FOR TABLE needs CREATE on the database and ownership of every table. */
    private static AccessVerdict create(String name, String user, String database, Publication p, String createByOwner) {
        if (p.mayCreate() && p.notOwned().isEmpty()) {
            return AccessVerdict.allowed("does not exist yet: capture creates it for postgres.tables at start");
        }
        List<String> lacks = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        if (!p.mayCreate()) {
            lacks.add("has no CREATE privilege on database '" + database + "'");
            grants.add("GRANT CREATE ON DATABASE \"" + database + "\" TO \"" + user + "\";");
        }
        if (!p.notOwned().isEmpty()) {
            lacks.add(notOwned(p));
            p.notOwned().forEach(t -> grants.add("ALTER TABLE " + t + " OWNER TO \"" + user + "\";"));
        }
        return AccessVerdict.denied("publication " + name + " does not exist; capture would create it at start, but user '"
                + user + "' " + String.join(" and ", lacks), createByOwner + " Or let the user create it: " + String.join(" ", grants));
    }

    private static String notOwned(Publication p) {
        return "does not own " + list(p.notOwned()) + " (PostgreSQL 15 publishes a table for its owner only)";
    }

    private static String list(List<TableId> tables) {
        return tables.stream().map(TableId::toString).collect(Collectors.joining(", "));
    }
}
