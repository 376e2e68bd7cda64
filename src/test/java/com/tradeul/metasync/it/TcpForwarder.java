package com.tradeul.metasync.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback address whose target can change, as a managed Redis's DNS name moves to the new
 * primary after a failover: connections made before the switch stay with the old target (nothing
 * closes them), new ones reach the new target. Bytes are copied as they are; nothing is parsed.
 *
 * <p>It can also be a network that fails as real ones do. {@link #freeze} is a blackhole: every
 * connection stops carrying bytes but stays open (no FIN, no RST: its owner only sees silence), and
 * new connections are accepted and then hang the same way. {@link #admitNew} ends the blackhole for
 * connections made from then on; the frozen ones stay frozen, as flows whose state a firewall or
 * NAT lost: only their owner giving up on them heals. {@link #cut} closes everything.
 *
 * <p>{@link #hold} keeps what clients send on connections that have sent MULTI (a writer's
 * transactions) from reaching the target until {@link #release}, and keeps a copy of it, so a test
 * can see what was held; the client's other connections (reads, INFO) go on. Thread safe.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile int target;
    private volatile boolean blackhole;
    private final Object gate = new Object();
    private boolean holding;
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    private final java.util.Map<OutputStream, java.io.ByteArrayOutputStream> pending = new java.util.LinkedHashMap<>();
    /** Connections that sent MULTI (a writer's): the only ones {@link #hold} holds. */
    private final java.util.Set<OutputStream> transactional = new java.util.HashSet<>();

    TcpForwarder(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Where connections made from now on go. */
    void target(int port) {
        this.target = port;
    }

    /** Every open connection stops forwarding (sockets stay open), and new ones hang from their first byte. */
    void freeze() {
        blackhole = true;
        links.forEach(link -> link.frozen = true);
    }

    /** Connections made from now on pass again; the frozen ones stay frozen until {@link #cut} or {@link #closeFrozen}. */
    void admitNew() {
        blackhole = false;
    }

    /** Closes every connection, frozen or not, as a restarted middlebox does; new ones pass. */
    void cut() {
        blackhole = false;
        links.forEach(Link::close);
        links.clear();
    }

    /** Closes only the frozen connections: what is left of a blackhole, once the test is done with it. */
    void closeFrozen() {
        links.stream().filter(link -> link.frozen).forEach(link -> {
            link.close();
            links.remove(link);
        });
    }

    /** Connections open now that carry no bytes. */
    long frozenConnections() {
        return links.stream().filter(link -> link.frozen && !link.client.isClosed()).count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Link link = new Link(listener.accept());
                links.add(link);
                if (blackhole) {
                    link.frozen = true; // accepted, never answered: the client's first read hangs
                    continue;
                }
                connect(link);
            } catch (IOException e) {
                // the listener closed
            }
        }
    }

    private void connect(Link link) {
        try {
            link.server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
            pipe(link, link.client, link.server, true);
            pipe(link, link.server, link.client, false);
        } catch (IOException e) {
            // The target refused: the client's connection ends at once, as a refused one would.
            link.close();
            links.remove(link);
        }
    }

    /** From now on, bytes clients send on a transactional connection are kept here, not forwarded, until {@link #release}. */
    void hold() {
        synchronized (gate) {
            holding = true;
            held.reset();
        }
    }

    /** What clients sent since {@link #hold}, as ISO-8859-1 text (RESP is mostly ASCII). */
    String heldText() {
        synchronized (gate) {
            return held.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Forwards what was held, each connection's bytes in order, and from then on everything at once. */
    void release() {
        synchronized (gate) {
            for (var connection : pending.entrySet()) {
                try {
                    connection.getKey().write(connection.getValue().toByteArray());
                    connection.getKey().flush();
                } catch (IOException e) {
                    // that connection is gone: so are its bytes, as on a real network
                }
            }
            pending.clear();
            holding = false;
        }
    }

    /** Forwards a chunk, or while held keeps it for {@link #release}. Under the lock, so order holds across a release. */
    private void forward(OutputStream out, byte[] buffer, int length, boolean towardsTarget) throws IOException {
        if (!towardsTarget) {
            out.write(buffer, 0, length); // replies are never held: no lock, a slow reader stalls only itself
            out.flush();
            return;
        }
        synchronized (gate) {
            if (!transactional.contains(out) && new String(buffer, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1).contains("MULTI")) {
                transactional.add(out);
            }
            if (holding && transactional.contains(out)) {
                held.write(buffer, 0, length);
                pending.computeIfAbsent(out, o -> new java.io.ByteArrayOutputStream()).write(buffer, 0, length);
                return;
            }
            out.write(buffer, 0, length);
            out.flush();
        }
    }

    private void pipe(Link link, Socket from, Socket to, boolean towardsTarget) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    while (link.frozen && !from.isClosed()) {
                        Thread.sleep(50); // holds the bytes read: kernel buffers fill, the sender hangs
                    }
                    forward(out, buffer, n, towardsTarget);
                }
            } catch (IOException e) {
                // one side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                link.close();
            }
        }, "tcp-forwarder-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    /** One client connection and its connection to the target. */
    private static final class Link {
        final Socket client;
        final Socket server = new Socket();
        volatile boolean frozen;

        Link(Socket client) {
            this.client = client;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(Link::close);
    }
}
