package io.consulfactory.secrets;

import io.consulfactory.secrets.ClusterCertificates.KeyAndCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second opinion from another X.509 implementation: the openssl command line (OpenSSL 3) verifies the chain
 * for the purposes Consul uses it for, with RFC 5280's strict checks on, and prints every extension.
 */
class OpensslCrossCheckTest {

    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;
    Path ca;
    Path server;
    Path serverKey;

    record Result(int exitCode, String output) {
    }

    @BeforeEach
    void writeCertificates() throws IOException {
        SecureRandom random = new SecureRandom();
        KeyAndCertificate caPair = ClusterCertificates.newCa("payments", "dc1", NOW, random);
        KeyAndCertificate serverPair = ClusterCertificates.newServerCertificate(caPair, "dc1", NOW, random);
        ca = Files.writeString(dir.resolve("ca.pem"), caPair.certificatePem());
        server = Files.writeString(dir.resolve("server.pem"), serverPair.certificatePem());
        serverKey = Files.writeString(dir.resolve("server-key.pem"), serverPair.privateKeyPem());
    }

    @Test
    void opensslVerifiesTheServerCertificateForServerAndClientUse() throws Exception {
        for (String purpose : List.of("sslserver", "sslclient")) {
            Result verified = verify("-purpose", purpose, "-verify_hostname", "server.dc1.consul");
            assertEquals(0, verified.exitCode(), verified.output());
            assertEquals(server + ": OK", verified.output().strip());
        }
        assertEquals(0, verify("-purpose", "sslserver", "-verify_hostname", "localhost").exitCode());
        assertEquals(0, verify("-purpose", "sslserver", "-verify_ip", "127.0.0.1").exitCode());
    }

    @Test
    void opensslRefusesTheServerCertificateForAnotherDatacenter() throws Exception {
        Result refused = verify("-purpose", "sslserver", "-verify_hostname", "server.dc2.consul");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("hostname mismatch"), refused.output());
        assertNotEquals(0, verify("-purpose", "sslserver", "-verify_ip", "10.0.1.10").exitCode());
    }

    @Test
    void opensslRefusesTheChainAfterTheServerCertificateExpires() throws Exception {
        Result expired = verify("-purpose", "sslserver", "-attime", Long.toString(NOW.plus(Duration.ofDays(366)).getEpochSecond()));
        assertNotEquals(0, expired.exitCode(), expired.output());
        assertTrue(expired.output().contains("certificate has expired"), expired.output());
    }

    @Test
    void opensslVerifiesTheCaItself() throws Exception {
        Result verified = openssl("verify", "-x509_strict", "-attime", attime(), "-CAfile", ca.toString(), ca.toString());
        assertEquals(0, verified.exitCode(), verified.output());
    }

    @Test
    void opensslPrintsTheExtensionsConsulNeeds() throws Exception {
        Result caText = openssl("x509", "-noout", "-text", "-in", ca.toString());
        assertEquals(0, caText.exitCode(), caText.output());
        assertTrue(caText.output().contains("Subject: O = Consul Cluster Factory, CN = Consul Agent CA payments"), caText.output());
        assertTrue(caText.output().contains("Signature Algorithm: ecdsa-with-SHA256"), caText.output());
        assertTrue(caText.output().contains("ASN1 OID: prime256v1"), caText.output());
        assertTrue(caText.output().contains("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0"), caText.output());
        assertTrue(caText.output().contains("X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign, CRL Sign"), caText.output());

        Result serverText = openssl("x509", "-noout", "-text", "-in", server.toString());
        assertEquals(0, serverText.exitCode(), serverText.output());
        String text = serverText.output();
        assertTrue(text.contains("Issuer: O = Consul Cluster Factory, CN = Consul Agent CA payments"), text);
        assertTrue(text.contains("Subject: CN = server.dc1.consul"), text);
        assertTrue(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"), text);
        assertTrue(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment"), text);
        assertTrue(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("X509v3 Subject Alternative Name: \n                DNS:server.dc1.consul, DNS:localhost, IP Address:127.0.0.1"), text);
        assertTrue(text.contains("X509v3 Subject Key Identifier"), text);
        assertTrue(text.contains("X509v3 Authority Key Identifier"), text);
    }

    @Test
    void opensslFindsTheServerKeyIsTheCertificatesKey() throws Exception {
        Result fromKey = openssl("pkey", "-in", serverKey.toString(), "-pubout");
        Result fromCertificate = openssl("x509", "-in", server.toString(), "-noout", "-pubkey");
        assertEquals(0, fromKey.exitCode(), fromKey.output());
        assertEquals(0, fromCertificate.exitCode(), fromCertificate.output());
        assertEquals(fromCertificate.output(), fromKey.output());
        assertTrue(fromKey.output().startsWith("-----BEGIN PUBLIC KEY-----"), fromKey.output());
    }

    private Result verify(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("verify", "-x509_strict", "-CAfile", ca.toString()));
        if (!List.of(options).contains("-attime")) {
            command.addAll(List.of("-attime", attime()));
        }
        command.addAll(List.of(options));
        command.add(server.toString());
        return openssl(command.toArray(String[]::new));
    }

    private static String attime() {
        return Long.toString(NOW.plus(Duration.ofHours(1)).getEpochSecond());
    }

    private static Result openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl did not finish: " + command);
        return new Result(process.exitValue(), output);
    }
}
