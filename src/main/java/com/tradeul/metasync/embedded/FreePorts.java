package com.tradeul.metasync.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks TCP ports on 127.0.0.1 for local services. Stateless and thread-safe.
 *
 * <p>A port found free here can still be taken by another process before the service binds it;
 * callers accept that small race rather than hold the socket, because the service must bind itself.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Could not find a free TCP port on 127.0.0.1: " + e.getMessage()
                    + ". Fix: check that the loopback interface is up.", e);
        }
    }

    /**
     * Returns {@code preferred} if it is free, a free port if {@code preferred} is 0.
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
            return preferred;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + preferred + " on 127.0.0.1 is already in use. Fix: stop what"
                    + " listens there (ss -ltnp 'sport = :" + preferred + "') or choose another port (0 = any free).", e);
        }
    }
}
