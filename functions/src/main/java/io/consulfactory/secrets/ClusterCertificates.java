package io.consulfactory.secrets;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster's own certificate authority and its servers' certificate, made the way {@code consul tls ca create}
 * and {@code consul tls cert create -server} make them (developer.hashicorp.com/consul/commands/tls/ca,
 * developer.hashicorp.com/consul/commands/tls/cert): ECDSA P-256 keys, a CA valid 1825 days, a server certificate
 * valid 365 days named {@code server.<datacenter>.consul} (the name {@code verify_server_hostname} checks) that
 * is both a TLS server and a TLS client certificate, since a server dials the other servers with it.
 *
 * <p>Built with the JDK alone: the certificate is DER written by {@link Der} to the RFC 5280 profile and signed
 * with {@code SHA256withECDSA}; the JDK's {@link CertificateFactory} reads it back.
 */
public final class ClusterCertificates {

    /** {@code consul tls ca create -days} default. */
    public static final Duration CA_VALIDITY = Duration.ofDays(1825);
    /** {@code consul tls cert create -days} default. */
    public static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    /** notBefore is set this far back, so a server whose clock runs a little behind still accepts the certificate. */
    public static final Duration BACKDATE = Duration.ofMinutes(1);

    public static final String ORGANIZATION = "Consul Cluster Factory";

    // RFC 5758 3.2: ecdsa-with-SHA256, whose AlgorithmIdentifier has no parameters.
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    // RFC 5280 4.1.2.4 / X.520 attribute types.
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION_NAME = "2.5.4.10";
    // RFC 5280 4.2.1: certificate extensions.
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    // RFC 5280 4.2.1.12: id-kp-serverAuth, id-kp-clientAuth.
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    // RFC 5280 4.2.1.3: KeyUsage bit numbers.
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    // RFC 5280 4.2.1.6: GeneralName choices.
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /** A Consul datacenter name (as the spec allows it) is one label of the server's DNS name. */
    private static final Pattern DATACENTER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private ClusterCertificates() {
    }

    /**
     * A certificate and its private key, both PEM: the certificate as Consul's {@code ca_file}/{@code cert_file}
     * read it, the key unencrypted PKCS#8 ({@code PRIVATE KEY}) as {@code key_file} reads it.
     */
    public record KeyAndCertificate(String certificatePem, String privateKeyPem) {

        public X509Certificate certificate() {
            try {
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Pem.decode(Pem.CERTIFICATE, certificatePem)));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
            }
        }

        public PrivateKey privateKey() {
            try {
                return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(Pem.PRIVATE_KEY, privateKeyPem)));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not a PKCS#8 EC private key: " + e.getMessage(), e);
            }
        }

        public Instant notAfter() {
            return certificate().getNotAfter().toInstant();
        }

        /** The certificate's subject only: the key never reaches a log line through this record. */
        @Override
        public String toString() {
            String shown;
            try {
                X509Certificate certificate = certificate();
                shown = certificate.getSubjectX500Principal() + ", notAfter=" + certificate.getNotAfter().toInstant();
            } catch (IllegalArgumentException e) {
                shown = "(unreadable certificate)";
            }
            return "KeyAndCertificate[" + shown + ", privateKey=(hidden)]";
        }
    }

    /**
     * A self-signed CA for one cluster: subject {@code O=Consul Cluster Factory, CN=Consul Agent CA <clusterName>}
     * (Consul names its CAs "Consul Agent CA ..."), valid from a minute before {@code now} for {@link #CA_VALIDITY}.
     * basicConstraints critical CA with pathLenConstraint 0 (it signs agent certificates, never another CA; RFC 5280
     * 4.2.1.9), keyUsage critical keyCertSign, cRLSign, digitalSignature (4.2.1.3), subject and authority key
     * identifiers (4.2.1.2, 4.2.1.1). {@code datacenter} is checked as a DNS label: the CA signs
     * {@code server.<datacenter>.consul} (no name constraint is added, as {@code consul tls ca create} adds none
     * unless asked).
     */
    public static KeyAndCertificate newCa(String clusterName, String datacenter, Instant now, SecureRandom random) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("a CA needs the cluster's name");
        }
        checkDatacenter(datacenter);
        KeyPair keys = newKeyPair(random);
        byte[] name = Der.sequence(
                rdn(ORGANIZATION_NAME, ORGANIZATION),
                rdn(COMMON_NAME, "Consul Agent CA " + clusterName));
        byte[] keyId = keyIdentifier(keys.getPublic());
        Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant until = now.truncatedTo(ChronoUnit.SECONDS).plus(CA_VALIDITY);
        List<byte[]> extensions = List.of(
                extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(0))),
                extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN)),
                extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyId)),
                extension(AUTHORITY_KEY_IDENTIFIER, false, authorityKeyIdentifier(keyId)));
        return new KeyAndCertificate(
                sign(name, name, from, until, keys.getPublic(), extensions, keys.getPrivate(), random),
                Pem.encode(Pem.PRIVATE_KEY, keys.getPrivate().getEncoded()));
    }

    /**
     * A server certificate signed by {@code ca}: subject {@code CN=server.<datacenter>.consul}, issuer the CA's
     * subject byte for byte (RFC 5280 4.1.2.4: chains are built by matching names), valid from a minute before
     * {@code now} for {@link #SERVER_VALIDITY} but never past the CA's own notAfter. basicConstraints critical
     * CA:false, keyUsage critical digitalSignature and keyEncipherment (what {@code consul tls cert create} sets),
     * extKeyUsage serverAuth and clientAuth, subjectAltName DNS {@code server.<datacenter>.consul}, DNS
     * {@code localhost} and IP 127.0.0.1 (the defaults of {@code consul tls cert create -server}), subject key
     * identifier, and authority key identifier = the CA's subject key identifier (4.2.1.1).
     *
     * @throws IllegalStateException if the CA has expired at {@code now}: a new CA must be made first
     */
    public static KeyAndCertificate newServerCertificate(KeyAndCertificate ca, String datacenter, Instant now, SecureRandom random) {
        checkDatacenter(datacenter);
        X509Certificate caCertificate = ca.certificate();
        if (caCertificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate: " + caCertificate.getSubjectX500Principal());
        }
        Instant caNotAfter = caCertificate.getNotAfter().toInstant();
        if (!now.isBefore(caNotAfter)) {
            throw new IllegalStateException("the cluster CA " + caCertificate.getSubjectX500Principal() + " expired at "
                    + caNotAfter + "; make a new CA before signing server certificates");
        }
        PrivateKey caKey = ca.privateKey();
        byte[] caName = subjectName(caCertificate);
        byte[] caKeyId = subjectKeyIdentifier(caCertificate);

        KeyPair keys = newKeyPair(random);
        String dnsName = "server." + datacenter + ".consul";
        byte[] name = Der.sequence(rdn(COMMON_NAME, dnsName));
        Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant until = now.truncatedTo(ChronoUnit.SECONDS).plus(SERVER_VALIDITY);
        if (until.isAfter(caNotAfter)) {
            until = caNotAfter;
        }
        List<byte[]> extensions = List.of(
                extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT)),
                extension(EXT_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))),
                extension(SUBJECT_ALT_NAME, false, Der.sequence(
                        Der.implicit(DNS_NAME, Der.ia5String(dnsName)),
                        Der.implicit(DNS_NAME, Der.ia5String("localhost")),
                        Der.implicit(IP_ADDRESS, Der.octetString(new byte[] {127, 0, 0, 1})))),
                extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(keys.getPublic()))),
                extension(AUTHORITY_KEY_IDENTIFIER, false, authorityKeyIdentifier(caKeyId)));
        KeyAndCertificate server = new KeyAndCertificate(
                sign(caName, name, from, until, keys.getPublic(), extensions, caKey, random),
                Pem.encode(Pem.PRIVATE_KEY, keys.getPrivate().getEncoded()));
        try {
            // A CA key that is not the CA certificate's would sign certificates no agent accepts: refuse them here.
            server.certificate().verify(caCertificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA private key does not match the CA certificate "
                    + caCertificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
    private static String sign(byte[] issuer, byte[] subject, Instant notBefore, Instant notAfter, PublicKey subjectKey,
                               List<byte[]> extensions, PrivateKey issuerKey, SecureRandom random) {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),                 // version v3 (4.1.2.1)
                Der.integer(serialNumber(random)),
                algorithm,
                issuer,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                subject,
                subjectKey.getEncoded(),                         // SubjectPublicKeyInfo, named curve (RFC 5480)
                Der.explicit(3, Der.sequence(extensions)));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuerKey, random);
            signer.update(tbs);
            // The JDK's ECDSA signature is already the DER Ecdsa-Sig-Value that RFC 5758 3.2 puts in the BIT STRING.
            return Pem.encode(Pem.CERTIFICATE, Der.sequence(tbs, algorithm, Der.bitString(signer.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withECDSA signing failed: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 (secp256r1) is part of every JRE: " + e.getMessage(), e);
        }
    }

    /** RFC 5280 4.1.2.2: positive, at most 20 octets, unpredictable; 128 random bits as Consul's own CA uses. */
    private static BigInteger serialNumber(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    /** One RelativeDistinguishedName of one attribute, a UTF8String (RFC 5280 4.1.2.4: UTF8String for new certificates). */
    private static byte[] rdn(String type, String value) {
        return Der.set(Der.sequence(Der.oid(type), Der.utf8String(value)));
    }

    /** RFC 5280 4.1.2.9: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(Der.oid(oid));
        if (critical) {                                          // DER leaves out a value equal to its DEFAULT
            parts.add(Der.bool(true));
        }
        parts.add(Der.octetString(value));
        return Der.sequence(parts);
    }

    /** RFC 5280 4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }. */
    private static byte[] authorityKeyIdentifier(byte[] keyId) {
        return Der.sequence(Der.implicit(0, Der.octetString(keyId)));
    }

    /** RFC 5280 4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's value (no tag, length or unused-bits octet). */
    static byte[] keyIdentifier(PublicKey key) {
        byte[] bitString = Der.children(key.getEncoded()).get(1);
        byte[] contents = Der.contents(bitString);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(contents, 1, contents.length - 1);
            return sha1.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }

    /** The CA's own subject key identifier, or (for a CA made elsewhere without one) its method-1 value. */
    private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(SUBJECT_KEY_IDENTIFIER);
        if (extension == null) {
            return keyIdentifier(certificate.getPublicKey());
        }
        // getExtensionValue gives the extnValue OCTET STRING, whose contents are the KeyIdentifier OCTET STRING.
        return Der.contents(Der.contents(extension));
    }

    /** The subject Name exactly as the certificate encodes it: TBSCertificate's sixth element (RFC 5280 4.1). */
    private static byte[] subjectName(X509Certificate certificate) {
        try {
            return Der.children(certificate.getTBSCertificate()).get(5);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable CA certificate: " + e.getMessage(), e);
        }
    }

    private static void checkDatacenter(String datacenter) {
        if (datacenter == null || !DATACENTER.matcher(datacenter).matches()) {
            throw new IllegalArgumentException("datacenter must be 1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit: " + datacenter);
        }
    }
}
