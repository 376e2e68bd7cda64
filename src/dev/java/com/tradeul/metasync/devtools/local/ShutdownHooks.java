package com.tradeul.metasync.devtools.local;

/**
 * Registers the hooks that stop child servers when the JVM exits without close(), e.g. on Ctrl-C
 * in the demo: PostgreSQL daemonizes and a child redis-server outlives its parent otherwise.
 */
final class ShutdownHooks {

    private ShutdownHooks() {
    }

    static void add(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalArgumentException e) {
            // Already registered: start() after a failed stop().
        }
    }

    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running or done.
        }
    }
}
