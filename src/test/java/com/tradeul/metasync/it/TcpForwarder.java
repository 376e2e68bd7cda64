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
 * {@link #hold} keeps what clients send on connections that have sent MULTI (a writer's
 * transactions) from reaching the target until {@link #release}, and keeps a copy of it, so a test
 * can see what was held; the client's other connections (reads, INFO) go on.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int target;
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

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server, true);
                pipe(server, client, false);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end, as it would
            }
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

    private void pipe(Socket from, Socket to, boolean towardsTarget) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    forward(out, buffer, n, towardsTarget);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-forwarder-pipe");
        copier.setDaemon(true);
        copier.start();
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
        sockets.forEach(TcpForwarder::closeQuietly);
    }
}
