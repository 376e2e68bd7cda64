package com.tradeul.metasync.guard;

import java.util.Optional;

/**
 * Tells a command Redis will never run for metasync from one that failed this time. Managed
 * services keep persistence to themselves: an ACL user without {@code +config +bgsave} gets
 * {@code NOPERM} (MemoryDB, Redis 6+ ACLs), and some providers answer {@code ERR unknown command}
 * for commands they disabled or renamed (ElastiCache). Pure.
 */
public final class CommandAccess {

    private CommandAccess() {}

    /**
     * @param command what metasync asked for, e.g. {@code CONFIG} or {@code BGSAVE}
     * @param reply Redis's error reply, e.g. {@code NOPERM User x has no permissions to run the 'config|get' command}
     * @return why the command is not available, in words for the user; empty when the reply is another error
     */
    public static Optional<String> unavailable(String command, String reply) {
        String text = String.valueOf(reply);
        if (text.startsWith("NOPERM") || text.contains(" NOPERM ")) {
            return Optional.of(command + " is not permitted for this user");
        }
        if (text.contains("unknown command")) {
            return Optional.of(command + " is not available on this Redis (renamed or disabled by its provider)");
        }
        return Optional.empty();
    }
}
