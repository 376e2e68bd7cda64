package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ACL users of a {@link LocalRedis}, written to an ACL file ({@code --aclfile}). The launcher logs in
 * as {@code admin} (PING, SHUTDOWN), so the default user can be switched off as production does.
 *
 * @param admin a user with every permission, for the launcher and the test's own checks
 * @param users further users, e.g. metasync's, each with its rules
 * @param defaultUserOff whether the password-less {@code default} user is disabled
 */
public record LocalRedisAcl(User admin, List<User> users, boolean defaultUserOff) {

    /**
     * One ACL user.
     *
     * @param rules ACL rules, e.g. {@code ~* -@all +@read}
     */
    public record User(String name, String password, String rules) {
        public User {
            Objects.requireNonNull(name, "name");
            if (password == null || password.isEmpty() || password.contains(" ") || password.contains("\n")) {
                throw new IllegalArgumentException("an ACL password here is a non-empty word");
            }
        }

        /** Hides the password, so that logging a set-up never leaks it. */
        @Override
        public String toString() {
            return "User[" + name + ", password=***, " + rules + "]";
        }
    }

    public LocalRedisAcl {
        Objects.requireNonNull(admin, "admin");
        users = List.copyOf(users);
    }

    /** An admin user, these users, and the default user off. */
    public static LocalRedisAcl defaultUserOff(User admin, User... users) {
        return new LocalRedisAcl(admin, List.of(users), true);
    }

    /** An admin user and these users beside the default user, which stays as Redis makes it. */
    public static LocalRedisAcl withDefaultUser(User admin, User... users) {
        return new LocalRedisAcl(admin, List.of(users), false);
    }

    /** Writes the ACL file into {@code dir} and returns the command-line settings that load it. */
    List<String> args(Path dir) {
        List<String> lines = new ArrayList<>();
        lines.add(line(new User(admin.name(), admin.password(), "~* &* +@all")));
        users.forEach(u -> lines.add(line(u)));
        lines.add(defaultUserOff ? "user default off resetkeys -@all" : "user default on nopass ~* &* +@all");
        Path file = dir.resolve("users.acl");
        try {
            Files.createDirectories(dir);
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return List.of("--aclfile", file.toString());
    }

    private static String line(User user) {
        return "user " + user.name() + " on >" + user.password() + " " + user.rules();
    }
}
