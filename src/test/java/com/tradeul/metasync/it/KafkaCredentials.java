package com.tradeul.metasync.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;

/** The credentials of the secured-Kafka tests, made fresh each run so that finding one in the output means a leak. */
final class KafkaCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaCredentials() {}

    /** A password no other text contains: {@code <label>-} and 24 hex digits. */
    static String password(String label) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return label + "-" + HexFormat.of().formatHex(bytes);
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    static String plainJaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** A PKCS-12 truststore holding the CA certificate (PEM) alone, as a Java client is often given one. */
    static Path pkcs12Truststore(Path caCertificate, Path file, String password) {
        try (InputStream in = Files.newInputStream(caCertificate); OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            store.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the truststore " + file, e);
        }
    }
}
