package com.tradeul.metasync.devtools.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority of its own, made with {@code openssl} in a directory, and the server and
 * client certificates it signs: what the TLS set-ups of the local services and the tests need,
 * in the forms each client reads. Every server certificate is valid for {@code localhost} and
 * {@code 127.0.0.1}. Not thread safe (one directory, files written in turn).
 */
public final class Certificates {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A key pair and its certificate, signed by the CA, in every form metasync's clients read. */
    public record Issued(Path certificate, Path privateKey, Path pkcs8Der, Path pkcs12, String pkcs12Password) {}

    private final Path dir;
    private final Path caCertificate;
    private final Path caKey;

    private Certificates(Path dir, Path caCertificate, Path caKey) {
        this.dir = dir;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    /** A new CA in {@code dir} (created when missing), named {@code name} in its subject. */
    public static Certificates authority(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Path key = dir.resolve(name + "-ca.key");
        Path certificate = dir.resolve(name + "-ca.pem");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                "-subj", "/CN=" + name + " test CA", "-keyout", key.toString(), "-out", certificate.toString());
        return new Certificates(dir, certificate, key);
    }

    /** The CA's certificate (PEM): what a client trusts. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public Issued server(String name) {
        return issue(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /**
     * A server certificate that may also authenticate as a client: for a server that connects to
     * its peers with it, as Kafka brokers do when clients must present a certificate (Kafka checks
     * at start that its own certificate could pass its listener's client authentication).
     */
    public Issued peer(String name) {
        return issue(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    }

    /** A client certificate whose subject is {@code CN=<commonName>} (PostgreSQL maps it to a user). */
    public Issued client(String commonName) {
        return issue(commonName, "extendedKeyUsage=clientAuth\n");
    }

    private Issued issue(String name, String extensions) {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        Path extensionsFile = dir.resolve(name + ".ext");
        Path der = dir.resolve(name + ".pk8");
        Path p12 = dir.resolve(name + ".p12");
        String password = "changeit-" + name;
        try {
            Files.writeString(extensionsFile, extensions);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write " + extensionsFile + ": " + e.getMessage(), e);
        }
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(), "-out", request.toString());
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-sha256", "-extfile", extensionsFile.toString(), "-out", certificate.toString());
        // pgjdbc reads a client key as PKCS-8 DER; Java keystores as PKCS-12.
        openssl(dir, "pkcs8", "-topk8", "-inform", "PEM", "-outform", "DER", "-nocrypt", "-in", key.toString(), "-out", der.toString());
        openssl(dir, "pkcs12", "-export", "-in", certificate.toString(), "-inkey", key.toString(), "-certfile", caCertificate.toString(),
                "-name", name, "-passout", "pass:" + password, "-out", p12.toString());
        return new Issued(certificate, key, der, p12, password);
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Commands.run(dir, TIMEOUT, command);
    }
}
