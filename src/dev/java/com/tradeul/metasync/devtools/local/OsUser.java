package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands and owns files as another OS user when this JVM is root, because PostgreSQL's
 * {@code initdb} and server refuse to run as root. When not root, everything stays with the current user.
 */
final class OsUser {

    private static final Logger LOG = LoggerFactory.getLogger(OsUser.class);
    private static final String RUNUSER_FIX = "apt-get install -y util-linux (or run ./dev install)";

    private final String name;
    private final boolean switching;

    private OsUser(String name, boolean switching) {
        this.name = name;
        this.switching = switching;
    }

    /** The user {@code name} if this JVM is root, else the current user. */
    static OsUser switchingFromRootTo(String name, String fix) {
        if (!isRoot()) {
            return new OsUser(System.getProperty("user.name"), false);
        }
        try {
            lookup().lookupPrincipalByName(name);
        } catch (IOException e) {
            throw new IllegalStateException("OS user '" + name + "' does not exist. Fix: " + fix, e);
        }
        Commands.onPath("runuser", RUNUSER_FIX);
        return new OsUser(name, true);
    }

    /** The effective uid owns /proc/self, which user.name (settable with -D) does not tell. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code command}, wrapped in {@code runuser} when switching users. */
    List<String> command(List<String> command) {
        if (!switching) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Creates {@code dir} if needed and hands it to this user. */
    void createOwnedDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        own(dir);
    }

    void own(Path path) throws IOException {
        if (!switching) {
            return;
        }
        UserPrincipalLookupService lookup = lookup();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(name));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
        view.setGroup(group);
    }

    /**
     * Lets this user walk down to {@code dir}: Java temp directories are 0700, so without this the
     * server could not reach its own data directory. Adds only the search bit, and logs each change.
     */
    void makeTraversable(Path dir) throws IOException {
        if (!switching) {
            return;
        }
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
                LOG.info("Allowed other users to traverse {} so that user {} can reach its files", p, name);
            }
        }
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }
}
