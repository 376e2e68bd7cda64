package com.tradeul.metasync.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings from {@code METASYNC_*} environment variables. The one mapping: a setting's variable is
 * {@code METASYNC_} and its name upper-cased with {@code .} and {@code -} as {@code _}
 * ({@link Settings#environmentVariable}). That loses which of the three a {@code _} was, so a
 * variable is read back by matching it against every name metasync knows: the settings, the
 * per-table settings of each table being copied, and the pass-through components' own property
 * names. A variable that matches none, or more than one, is a problem. Pure.
 */
final class EnvironmentVariables {

    /** @param variables the variable each setting was read from */
    record Result(Map<String, String> settings, Map<String, String> variables, List<String> problems) {}

    private EnvironmentVariables() {}

    /**
     * @param settingNames every fixed setting and every per-table setting of the copied tables
     */
    static Result read(Map<String, String> environment, Collection<String> settingNames, List<PassThrough> passThrough) {
        Map<String, List<String>> byVariable = new TreeMap<>();
        settingNames.forEach(name -> candidate(byVariable, name));
        for (PassThrough component : passThrough) {
            component.knownNames().get().forEach(name -> candidate(byVariable, component.prefix() + name));
            component.secretNames().get().forEach(name -> candidate(byVariable, component.prefix() + name + SecretFiles.SUFFIX));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (var variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith("METASYNC_") || Settings.OTHER_VARIABLES.contains(name)) {
                continue;
            }
            List<String> meant = byVariable.getOrDefault(name, List.of());
            if (meant.size() == 1) {
                settings.put(meant.get(0), variable.getValue());
                variables.put(meant.get(0), name);
            } else if (meant.size() > 1) {
                problems.add("environment variable " + name + " could mean any of " + meant
                        + "; set that one in the settings file or with --set instead");
            } else {
                problems.add(unknown(name, byVariable.keySet(), passThrough));
            }
        }
        return new Result(settings, variables, problems);
    }

    private static void candidate(Map<String, List<String>> byVariable, String setting) {
        List<String> names = byVariable.computeIfAbsent(Settings.environmentVariable(setting), v -> new ArrayList<>());
        if (!names.contains(setting)) {
            names.add(setting);
        }
    }

    private static String unknown(String variable, Collection<String> known, List<PassThrough> passThrough) {
        String hint = SpellingHint.nearest(variable, known).map(v -> " (did you mean " + v + "?)").orElse("");
        for (PassThrough component : passThrough) {
            if (variable.startsWith(Settings.environmentVariable(component.prefix()))) {
                return "environment variable " + variable + " names no property " + component.prefix() + "* metasync knows" + hint
                        + "; a property metasync does not know can still be set in the settings file or with --set";
            }
        }
        return "environment variable " + variable + " names no setting" + hint
                + (variable.startsWith("METASYNC_TABLES_") ? "; per-table variables name a table in postgres.tables" : "");
    }
}
