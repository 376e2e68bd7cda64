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
 * {@link #hold} keeps what clients send from reaching the target (a network partition of one
 * direction) until {@link #release}, and keeps a copy of it, so a test can see what was held.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int target;
    private final Object gate = new Object();
    private boolean holding;
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();

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

    /** From now on, bytes clients send are kept here, not forwarded, until {@link #release}. */
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

    /** Forwards what was held, in order, and everything after. */
    void release() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /** Waits while held; copies the bytes held meanwhile so a test can read them. */
    private void passGate(byte[] buffer, int length) throws InterruptedException {
        synchronized (gate) {
            if (holding) {
                held.write(buffer, 0, length);
            }
            while (holding) {
                gate.wait();
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean towardsTarget) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (towardsTarget) {
                        passGate(buffer, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
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
