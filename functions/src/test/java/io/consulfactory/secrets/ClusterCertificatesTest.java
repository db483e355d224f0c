package io.consulfactory.secrets;

import io.consulfactory.secrets.ClusterCertificates.KeyAndCertificate;
import org.junit.jupiter.api.Test;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CA and server certificate, read back by the JDK: each field, each extension, and the chain. */
class ClusterCertificatesTest {

    static final Instant NOW = Instant.parse("2026-05-01T12:00:00.750Z");
    static final SecureRandom RANDOM = new SecureRandom();
    static final KeyAndCertificate CA = ClusterCertificates.newCa("payments", "dc1", NOW, RANDOM);
    static final KeyAndCertificate SERVER = ClusterCertificates.newServerCertificate(CA, "dc1", NOW, RANDOM);

    static final String SKI = "2.5.29.14";
    static final String AKI = "2.5.29.35";
    static final String KEY_USAGE = "2.5.29.15";
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String EXT_KEY_USAGE = "2.5.29.37";
    static final String SUBJECT_ALT_NAME = "2.5.29.17";

    @Test
    void theCaIsASelfSignedP256CertificateNamedForTheCluster() throws Exception {
        X509Certificate ca = CA.certificate();
        assertEquals(3, ca.getVersion());
        assertEquals("CN=Consul Agent CA payments,O=Consul Cluster Factory", ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals("1.2.840.10045.4.3.2", ca.getSigAlgOID());
        assertNull(ca.getSigAlgParams());                                        // RFC 5758 3.2: parameters absent
        ca.verify(ca.getPublicKey());
        assertP256(ca.getPublicKey());
        assertTrue(ca.getSerialNumber().signum() > 0);
        assertTrue(ca.getSerialNumber().bitLength() <= 128);
        assertEquals(Instant.parse("2026-05-01T11:59:00Z"), ca.getNotBefore().toInstant());
        assertEquals(Instant.parse("2026-05-01T12:00:00Z").plus(Duration.ofDays(1825)), CA.notAfter());
    }

    @Test
    void theCaSignsAgentCertificatesOnly() throws Exception {
        X509Certificate ca = CA.certificate();
        assertEquals(0, ca.getBasicConstraints());                                // CA, pathLenConstraint 0
        assertEquals(Set.of(BASIC_CONSTRAINTS, KEY_USAGE), ca.getCriticalExtensionOIDs());
        assertEquals(Set.of(SKI, AKI), ca.getNonCriticalExtensionOIDs());
        boolean[] usage = ca.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertTrue(usage[5], "keyCertSign");
        assertTrue(usage[6], "cRLSign");
        assertEquals(3, count(usage));
        assertNull(ca.getExtendedKeyUsage());
        assertNull(ca.getSubjectAlternativeNames());
        byte[] keyId = keyIdentifier(ca, SKI);
        assertArrayEquals(sha1OfPublicKeyBits(ca.getPublicKey()), keyId);        // RFC 5280 4.2.1.2 method 1
        assertArrayEquals(keyId, authorityKeyIdentifier(ca));
    }

    @Test
    void theServerCertificateNamesTheServerAndIsSignedByTheCa() throws Exception {
        X509Certificate ca = CA.certificate();
        X509Certificate server = SERVER.certificate();
        assertEquals(3, server.getVersion());
        assertEquals("CN=server.dc1.consul", server.getSubjectX500Principal().getName());
        assertArrayEquals(ca.getSubjectX500Principal().getEncoded(), server.getIssuerX500Principal().getEncoded());
        server.verify(ca.getPublicKey());
        assertThrows(SignatureException.class, () -> server.verify(server.getPublicKey()));
        assertP256(server.getPublicKey());
        assertFalse(Arrays.equals(ca.getPublicKey().getEncoded(), server.getPublicKey().getEncoded()));
        assertFalse(ca.getSerialNumber().equals(server.getSerialNumber()));
        assertEquals(Instant.parse("2026-05-01T11:59:00Z"), server.getNotBefore().toInstant());
        assertEquals(Instant.parse("2026-05-01T12:00:00Z").plus(Duration.ofDays(365)), SERVER.notAfter());
    }

    @Test
    void theServerCertificateIsForTlsServerAndClientUse() throws Exception {
        X509Certificate server = SERVER.certificate();
        assertEquals(-1, server.getBasicConstraints());
        assertEquals(Set.of(BASIC_CONSTRAINTS, KEY_USAGE), server.getCriticalExtensionOIDs());
        assertEquals(Set.of(EXT_KEY_USAGE, SUBJECT_ALT_NAME, SKI, AKI), server.getNonCriticalExtensionOIDs());
        boolean[] usage = server.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertTrue(usage[2], "keyEncipherment");
        assertEquals(2, count(usage));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), server.getExtendedKeyUsage());
        assertEquals(List.of(List.of(2, "server.dc1.consul"), List.of(2, "localhost"), List.of(7, "127.0.0.1")),
                List.copyOf(server.getSubjectAlternativeNames()));
        assertArrayEquals(sha1OfPublicKeyBits(server.getPublicKey()), keyIdentifier(server, SKI));
        assertArrayEquals(keyIdentifier(CA.certificate(), SKI), authorityKeyIdentifier(server));
    }

    @Test
    void theChainValidatesWhileBothAreValidAndFailsAfterTheServerCertificateExpires() throws Exception {
        validate(NOW.plus(Duration.ofDays(1)));
        validate(NOW.plus(Duration.ofDays(364)));
        CertPathValidatorException expired = assertThrows(CertPathValidatorException.class,
                () -> validate(NOW.plus(Duration.ofDays(366))));
        assertEquals(CertPathValidatorException.BasicReason.EXPIRED, expired.getReason());
        CertPathValidatorException notYet = assertThrows(CertPathValidatorException.class,
                () -> validate(NOW.minus(Duration.ofMinutes(2))));
        assertEquals(CertPathValidatorException.BasicReason.NOT_YET_VALID, notYet.getReason());
    }

    @Test
    void eachPrivateKeyMatchesItsCertificate() throws Exception {
        assertKeyMatches(CA);
        assertKeyMatches(SERVER);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(CA.certificate().getPublicKey());
        verifier.update(message());
        assertFalse(verifier.verify(signature(SERVER)));
    }

    @Test
    void certificatesAndKeysArePemAsConsulReadsThem() {
        assertTrue(CA.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(SERVER.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(SERVER.privateKeyPem().lines().allMatch(line -> line.length() <= 64));
        assertEquals("PKCS#8", SERVER.privateKey().getFormat());
        assertFalse(SERVER.toString().contains("PRIVATE KEY"), SERVER.toString());
        assertFalse(SERVER.toString().contains(SERVER.privateKeyPem().lines().skip(1).findFirst().orElseThrow()));
    }

    @Test
    void aServerCertificateNeverOutlivesItsCa() {
        Instant late = CA.notAfter().minus(Duration.ofDays(30));
        KeyAndCertificate server = ClusterCertificates.newServerCertificate(CA, "dc1", late, RANDOM);
        assertEquals(CA.notAfter(), server.notAfter());
    }

    @Test
    void anExpiredCaSignsNothing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterCertificates.newServerCertificate(CA, "dc1", CA.notAfter(), RANDOM));
        assertTrue(e.getMessage().contains("make a new CA"), e.getMessage());
    }

    @Test
    void aCaKeyThatIsNotTheCertificatesIsRefused() {
        KeyAndCertificate other = ClusterCertificates.newCa("payments", "dc1", NOW, RANDOM);
        KeyAndCertificate mismatched = new KeyAndCertificate(CA.certificatePem(), other.privateKeyPem());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterCertificates.newServerCertificate(mismatched, "dc1", NOW, RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterCertificates.newServerCertificate(SERVER, "dc1", NOW, RANDOM));   // not a CA
    }

    @Test
    void datacentersMustBeDnsLabels() {
        assertThrows(IllegalArgumentException.class, () -> ClusterCertificates.newCa("payments", "dc1.evil", NOW, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> ClusterCertificates.newServerCertificate(CA, "DC 1", NOW, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> ClusterCertificates.newCa(" ", "dc1", NOW, RANDOM));
    }

    @Test
    void aCaMadeIn2045EndsIn2050WithAGeneralizedTime() throws Exception {
        Instant now = Instant.parse("2045-06-01T00:00:00Z");
        KeyAndCertificate ca = ClusterCertificates.newCa("payments", "dc1", now, RANDOM);
        assertEquals(2050, ca.notAfter().atZone(java.time.ZoneOffset.UTC).getYear());
        byte[] validity = Der.children(ca.certificate().getTBSCertificate()).get(4);
        List<byte[]> times = Der.children(validity);
        assertEquals(Der.UTC_TIME, times.get(0)[0]);
        assertEquals(Der.GENERALIZED_TIME, times.get(1)[0]);
        KeyAndCertificate server = ClusterCertificates.newServerCertificate(ca, "dc1", now, RANDOM);
        server.certificate().verify(ca.certificate().getPublicKey());
    }

    private static void validate(Instant at) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(SERVER.certificate())), parameters);
    }

    private static void assertKeyMatches(KeyAndCertificate pair) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.certificate().getPublicKey());
        verifier.update(message());
        assertTrue(verifier.verify(signature(pair)));
    }

    private static byte[] signature(KeyAndCertificate pair) throws InvalidKeyException, SignatureException {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.privateKey());
            signer.update(message());
            return signer.sign();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] message() {
        return "join the cluster".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void assertP256(PublicKey key) {
        assertEquals("EC", key.getAlgorithm());
        ECParameterSpec params = ((ECPublicKey) key).getParams();
        assertEquals(256, params.getOrder().bitLength());
        assertTrue(params.toString().contains("secp256r1"), params.toString());
    }

    private static int count(boolean[] bits) {
        int n = 0;
        for (boolean bit : bits) {
            n += bit ? 1 : 0;
        }
        return n;
    }

    /** The KeyIdentifier OCTET STRING inside the SKI extension's extnValue. */
    private static byte[] keyIdentifier(X509Certificate certificate, String oid) {
        return Der.contents(Der.contents(certificate.getExtensionValue(oid)));
    }

    /** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] ... }: the [0] element's contents, and nothing else. */
    private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        List<byte[]> fields = Der.children(Der.contents(certificate.getExtensionValue(AKI)));
        assertEquals(1, fields.size());
        assertEquals((byte) 0x80, fields.get(0)[0]);
        return Der.contents(fields.get(0));
    }

    private static byte[] sha1OfPublicKeyBits(PublicKey key) throws Exception {
        byte[] bits = Der.contents(Der.children(key.getEncoded()).get(1));
        return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(bits, 1, bits.length));
    }
}
