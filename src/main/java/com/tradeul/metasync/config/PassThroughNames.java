package com.tradeul.metasync.config;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/** Reads a component's property names, and which of them are secrets, from its own ConfigDef. Pure. */
final class PassThroughNames {

    private PassThroughNames() {}

    static Set<String> secrets(ConfigDef... definitions) {
        Set<String> secrets = new TreeSet<>();
        for (ConfigDef definition : definitions) {
            definition.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    secrets.add(name);
                }
            });
        }
        return Collections.unmodifiableSet(secrets);
    }

    static Set<String> names(ConfigDef... definitions) {
        Set<String> names = new TreeSet<>();
        for (ConfigDef definition : definitions) {
            names.addAll(definition.names());
        }
        return Collections.unmodifiableSet(names);
    }
}
