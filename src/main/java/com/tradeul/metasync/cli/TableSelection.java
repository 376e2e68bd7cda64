package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import java.util.List;

/** The tables a command works on: those named with --table, each one metasync copies; else all. */
final class TableSelection {

    private TableSelection() {}

    static List<TableId> of(MetasyncConfig config, List<String> named) {
        if (named == null || named.isEmpty()) {
            return config.postgres().tables();
        }
        return named.stream().map(name -> {
            TableId table = TableId.parse(name);
            if (!config.postgres().tables().contains(table)) {
                throw new ConfigException("table " + name + " is not one metasync copies (postgres.tables = "
                        + config.postgres().tables() + ")", "name one of those tables with --table");
            }
            return table;
        }).toList();
    }
}
