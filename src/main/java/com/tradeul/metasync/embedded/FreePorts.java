package com.tradeul.metasync.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Picks TCP ports on 127.0.0.1 for local services. Thread-safe.
 *
 * <p>A port found free here can still be taken by another process before the service binds it;
 * callers accept that small race rather than hold the socket, because the service must bind itself.
 *
 * <p>What this class does rule out is handing the same port out twice in one process: the kernel
 * may offer a port again the moment the probing socket closes, so two picks in a row (a broker's
 * client and controller listeners) could otherwise coincide and the service refuse to start.
 *
 * <p>Ports are drawn below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}),
 * from which every outgoing connection takes its local port: a port from that range, free when
 * picked, can become a client's before the service binds it (seconds later, for a broker whose
 * certificates are made first), and the bind then fails. Only when that range leaves too few ports
 * below it does the kernel choose ({@code bind} to port 0).
 */
public final class FreePorts {

    /** Enough tries that only a loopback with almost every port taken runs out of them. */
    private static final int ATTEMPTS = 100;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final Path EPHEMERAL_RANGE_FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private static final PortRange LISTENING_PORTS = listeningPorts();

    private FreePorts() {
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago and not handed out before by this process. */
    public static int pick() {
        return pickUnused(FreePorts::probe, HANDED_OUT);
    }

    /**
     * Returns the first port from {@code probe} that {@code handedOut} does not hold yet, and records it.
     * Separate from {@link #pick()} so the deciding part is tested without the kernel.
     */
    static int pickUnused(IntSupplier probe, Set<Integer> handedOut) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe.getAsInt();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("Could not find a TCP port on 127.0.0.1 not already handed out in "
                + ATTEMPTS + " attempts (" + handedOut.size() + " handed out). Fix: stop what holds ports on 127.0.0.1"
                + " (ss -ltn) or start fewer services in one process.");
    }

    /** A port free on 127.0.0.1 now: a random one below the ephemeral range, else one the kernel chooses. */
    private static int probe() {
        for (int attempt = 0; attempt < ATTEMPTS && LISTENING_PORTS.size() > 0; attempt++) {
            int candidate = LISTENING_PORTS.random(ThreadLocalRandom.current());
            if (bindable(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Could not find a free TCP port on 127.0.0.1: " + e.getMessage()
                    + ". Fix: check that the loopback interface is up.", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static PortRange listeningPorts() {
        try {
            return PortRange.belowEphemeral(PortRange.readProcFile(EPHEMERAL_RANGE_FILE));
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a kernel without the file: let the kernel choose, as before.
            return PortRange.EMPTY;
        }
    }

    /**
     * Returns {@code preferred} if it is free, a free port if {@code preferred} is 0. A port chosen
     * this way is recorded too, so a later {@link #pick()} does not return it.
     *
     * @throws IllegalStateException if {@code preferred} is in use, naming the port and what to do
     */
    public static int pickOrCheck(int preferred) {
        if (preferred == 0) {
            return pick();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + preferred + " on 127.0.0.1 is already in use. Fix: stop what"
                    + " listens there (ss -ltnp 'sport = :" + preferred + "') or choose another port (0 = any free).", e);
        }
        HANDED_OUT.add(preferred);
        return preferred;
    }
}
