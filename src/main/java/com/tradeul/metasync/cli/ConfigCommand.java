package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.SettingsDump;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the settings in force, after defaults, the settings file, METASYNC_* variables and --set,",
            "each with where it came from. Secrets (passwords, sasl.jaas.config, ...) show as [hidden] and",
            "credentials inside URIs as ***, so the output can be pasted into a ticket. Validates like any",
            "command: a wrong setting exits 3 with the fix. Examples:",
            "  metasync config --config metasync.properties",
            "  metasync config --json"})
final class ConfigCommand extends SettingsCommand {

    @Option(names = "--json", description = "Print the settings as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MetasyncConfig config = loadConfig();
        List<SettingsDump.Entry> entries = SettingsDump.of(config);
        if (json) {
            out().println(json(entries));
        } else {
            int width = entries.stream().mapToInt(e -> e.setting().length()).max().orElse(0);
            entries.forEach(e -> out().printf("%-" + width + "s = %s   (%s)%n", e.setting(), e.value(), e.origin()));
        }
        out().flush();
        return ExitCodes.OK;
    }
}
