package com.tradeul.metasync.devtools.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The launcher's own line to a {@link LocalRedis}: one inline command per connection (PING,
 * SHUTDOWN), over TLS with the control certificate when Redis listens with TLS, logged in as the
 * ACL admin when there is one. No client library, so that starting Redis needs nothing of metasync's.
 */
final class RedisControl {

    private static final int SOCKET_TIMEOUT_MS = 2_000;

    private final String host;
    private final int port;
    private final SSLSocketFactory tls;
    private final LocalRedisAcl.User admin;

    RedisControl(String host, int port, LocalRedisTls tls, LocalRedisAcl acl) {
        this.host = host;
        this.port = port;
        this.tls = tls == null ? null : socketFactory(tls);
        this.admin = acl == null ? null : acl.admin();
    }

    /** Sends one inline command (after AUTH, if any) and returns its first reply line ("" if the server closed the connection). */
    String send(String command) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            if (admin != null) {
                out.write(("AUTH " + admin.name() + " " + admin.password() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String auth = in.readLine();
                if (auth == null || !auth.startsWith("+OK")) {
                    return auth == null ? "" : auth;
                }
            }
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = in.readLine();
            return line == null ? "" : line;
        }
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), SOCKET_TIMEOUT_MS);
        plain.setSoTimeout(SOCKET_TIMEOUT_MS);
        return tls == null ? plain : tls.createSocket(plain, host, port, true);
    }

    private static SSLSocketFactory socketFactory(LocalRedisTls tls) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream pem = Files.newInputStream(tls.caCertificate())) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyStore own = KeyStore.getInstance("PKCS12");
            try (InputStream p12 = Files.newInputStream(tls.control().pkcs12())) {
                own.load(p12, tls.control().pkcs12Password().toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, tls.control().pkcs12Password().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS files of the local Redis: " + e.getMessage(), e);
        }
    }
}
