package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.doctor.Check;
import com.tradeul.metasync.doctor.Doctor;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Checks everything the pipeline needs, before it runs or while it runs, and prints each item as",
            "PASS, WARN or FAIL with the exact fix:",
            "  PostgreSQL  connection (TLS per postgres.sslmode), wal_level=logical, free replication slots and",
            "              WAL senders, what the user may do (create a temporary slot, SELECT each table, create",
            "              or change the publication), a primary key per table (and key templates over it),",
            "              REPLICA IDENTITY (FULL recommended when large columns exist), the slot (its database,",
            "              active, WAL retained, wal_status), max_slot_wal_keep_size",
            "  Kafka       brokers reachable (with metasync's credentials and certificates), change topics",
            "              compacted, replication factor and min.insync.replicas, access to the topics and the",
            "              consumer group (ACLs)",
            "  Redis       reachable, credentials, and the persistence guard's audit (eviction policy, AOF,",
            "              maxmemory headroom, failed saves)",
            "Examples:",
            "  metasync doctor --config metasync.properties",
            "  metasync doctor --json"})
final class DoctorCommand extends SettingsCommand {

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MetasyncConfig config = loadConfig();
        List<Check> checks = Doctor.examine(config);
        PrintWriter out = out();
        if (json) {
            out.println(json(checks));
        } else {
            out.print(DoctorText.describe(checks));
        }
        out.flush();
        return Doctor.anyFailed(checks) ? ExitCodes.CHECKS_FAILED : ExitCodes.OK;
    }
}
