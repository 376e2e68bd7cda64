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
 * Thread safe.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile int target;
    private volatile boolean blackhole;

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
            pipe(link, link.client, link.server);
            pipe(link, link.server, link.client);
        } catch (IOException e) {
            // The target refused: the client's connection ends at once, as a refused one would.
            link.close();
            links.remove(link);
        }
    }

    private static void pipe(Link link, Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    while (link.frozen && !from.isClosed()) {
                        Thread.sleep(50); // holds the bytes read: kernel buffers fill, the sender hangs
                    }
                    out.write(buffer, 0, n);
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
