package com.tradeul.metasync.cli;

import com.tradeul.metasync.doctor.Check;
import java.util.List;

/** How {@code metasync doctor} prints its checks: grouped by area, one line each, the fix under a problem. Pure. */
final class DoctorText {

    private DoctorText() {}

    static String describe(List<Check> checks) {
        StringBuilder text = new StringBuilder();
        String area = null;
        for (Check c : checks) {
            if (!c.area().equals(area)) {
                area = c.area();
                text.append(area).append('\n');
            }
            text.append(String.format("  %-4s  %s: %s%n", c.verdict(), c.item(), c.detail()));
            if (!c.fix().isEmpty()) {
                text.append("        fix: ").append(c.fix()).append('\n');
            }
        }
        long pass = count(checks, Check.Verdict.PASS);
        long warn = count(checks, Check.Verdict.WARN);
        long fail = count(checks, Check.Verdict.FAIL);
        text.append(String.format("%d passed, %d warning(s), %d failed%n", pass, warn, fail));
        return text.toString();
    }

    private static long count(List<Check> checks, Check.Verdict verdict) {
        return checks.stream().filter(c -> c.verdict() == verdict).count();
    }
}
