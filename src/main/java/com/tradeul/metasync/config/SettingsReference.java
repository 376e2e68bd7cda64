package com.tradeul.metasync.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The README's settings reference, generated from the declarations in {@link Settings}: one table
 * per feature with each setting's default, what it accepts and what it does. Pure.
 */
public final class SettingsReference {

    public static final String BEGIN = "<!-- settings reference: generated from config/*Settings.java by ./dev docs; do not edit by hand -->";
    public static final String END = "<!-- end of settings reference -->";

    private SettingsReference() {}

    public static String markdown() {
        StringBuilder text = new StringBuilder(BEGIN).append('\n');
        for (SettingsGroup.Definition group : Settings.GROUPS) {
            table(text, group.title(), "", group.settings().configKeys());
        }
        table(text, TableSettings.DEFINITION.title() + " (" + TableSettings.PREFIX + "<schema.table>.<setting>)",
                TableSettings.PREFIX + "<schema.table>.", TableSettings.DEFINITION.settings().configKeys());
        table(text, TableSettings.COLUMN_DEFINITION.title() + " (" + TableSettings.PREFIX + "<schema.table>.<setting>, "
                        + TableSettings.COLUMN + " a column's name)",
                TableSettings.PREFIX + "<schema.table>.", TableSettings.COLUMN_DEFINITION.settings().configKeys());
        text.append("\n**Passed through**\n\n| setting | meaning |\n|---|---|\n");
        for (PassThrough component : Settings.PASS_THROUGH) {
            text.append("| `").append(component.prefix()).append("<property>` | ").append(cell(component.description())).append(" |\n");
        }
        return text.append(END).append('\n').toString();
    }

    /** {@code readme} with its reference section replaced by {@link #markdown()}. */
    public static String updated(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README has no settings reference section (" + BEGIN + " ... " + END + ")");
        }
        return readme.substring(0, begin) + markdown() + readme.substring(end + END.length() + 1);
    }

    private static void table(StringBuilder text, String title, String prefix, Map<String, ConfigDef.ConfigKey> keys) {
        text.append("\n**").append(title).append("**\n\n| setting | default | accepts | meaning |\n|---|---|---|---|\n");
        keys.forEach((name, key) -> text.append("| `").append(prefix).append(name).append("` | ").append(defaultOf(key))
                .append(" | ").append(cell(String.valueOf(key.validator))).append(" | ").append(cell(key.documentation)).append(" |\n"));
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == null) {
            return "(none)";
        }
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(Object::toString).toList())
                : value instanceof Password password ? password.value() : value.toString();
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
