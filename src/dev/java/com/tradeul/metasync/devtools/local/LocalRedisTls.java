package com.tradeul.metasync.devtools.local;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS of a {@link LocalRedis}: it then listens with TLS only ({@code --port 0 --tls-port P}), with a
 * server certificate signed by a test CA, and asks clients for certificates as {@code clientCertificates} says.
 *
 * @param caCertificate the CA (PEM) that signed the server's certificate and that Redis trusts for client certificates
 * @param server the server's certificate and key (valid for localhost and 127.0.0.1)
 * @param control the client certificate the launcher itself talks with (PING, SHUTDOWN), which Redis may require
 */
public record LocalRedisTls(Path caCertificate, Certificates.Issued server, Certificates.Issued control,
                            ClientCertificates clientCertificates) {

    /** Redis's {@code tls-auth-clients}: no, optional (checked when given) or yes (required). */
    public enum ClientCertificates { NO, OPTIONAL, REQUIRED }

    /** A server certificate and a control client certificate issued by {@code ca}, both named after {@code name}. */
    public static LocalRedisTls issuedBy(Certificates ca, String name, ClientCertificates clientCertificates) {
        return new LocalRedisTls(ca.caCertificate(), ca.server(name), ca.client(name + "-control"), clientCertificates);
    }

    /** The command-line settings: TLS on {@code port}, no plain port. */
    List<String> args(int port) {
        String auth = switch (clientCertificates) {
            case NO -> "no";
            case OPTIONAL -> "optional";
            case REQUIRED -> "yes";
        };
        return List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", server.certificate().toString(),
                "--tls-key-file", server.privateKey().toString(), "--tls-ca-cert-file", caCertificate.toString(),
                "--tls-auth-clients", auth, "--tls-replication", "yes");
    }
}
