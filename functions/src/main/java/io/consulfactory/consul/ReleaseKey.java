package io.consulfactory.consul;

import java.util.regex.Pattern;

/**
 * The OpenPGP key whose signature on a release's {@code consul_<v>_SHA256SUMS} bake.sh requires before it trusts
 * a checksum in it: the armored public key (shipped in the function package, never fetched at bake time), the
 * fingerprint of its primary key that the script pins, and the name of the signature file after
 * {@code consul_<v>_SHA256SUMS}.
 *
 * <p>HashiCorp publishes the fingerprint of its release key at https://www.hashicorp.com/trust/security and how to
 * verify a download at https://developer.hashicorp.com/well-architected-framework/secure-systems/validate-software-integrity.
 *
 * @param armored         the public key, ASCII-armored ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----})
 * @param fingerprint     the primary key's fingerprint, 40 upper-case hex digits without spaces, as gpg's
 *                        {@code --with-colons} {@code fpr} record and {@code VALIDSIG} status line give it
 * @param signatureSuffix what follows {@code consul_<v>_SHA256SUMS} in the signature file's name
 */
public record ReleaseKey(String armored, String fingerprint, String signatureSuffix) {

    /** HashiCorp's release key since its 2021 rotation (HCSEC-2021-12): C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F. */
    public static final String HASHICORP_FINGERPRINT = "C874011F0AB405110D02105534365D9472D7468F";

    /**
     * {@code .72D7468F.sig}, not {@code .sig}: after the key exposure of HCSEC-2021-12 HashiCorp rotated to the key
     * 72D7468F and signed the SHA256SUMS of every release, old ones included, as {@code _SHA256SUMS.72D7468F.sig};
     * the plain {@code _SHA256SUMS.sig} of a release from before April 2021 is signed with the revoked key. So this
     * name verifies every Consul version the factory accepts (1.9.0 and later) with one key.
     */
    public static final String HASHICORP_SIGNATURE_SUFFIX = ".72D7468F.sig";

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");
    private static final Pattern SUFFIX = Pattern.compile("\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public ReleaseKey {
        if (!armored.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
            throw new IllegalArgumentException("the release key is not an ASCII-armored OpenPGP public key");
        }
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("the release key fingerprint '" + fingerprint
                    + "' is not 40 upper-case hex digits without spaces");
        }
        if (!SUFFIX.matcher(signatureSuffix).matches()) {
            throw new IllegalArgumentException("the signature suffix '" + signatureSuffix
                    + "' is not a file name ending such as .72D7468F.sig");
        }
    }

    /** HashiCorp's release key, from {@code userdata/hashicorp-release-key.asc} (a minimal export: the key and its signing subkey). */
    public static ReleaseKey hashicorp() {
        return HashiCorp.KEY;
    }

    private static final class HashiCorp {
        static final ReleaseKey KEY = new ReleaseKey(UserData.resource("hashicorp-release-key.asc"),
                HASHICORP_FINGERPRINT, HASHICORP_SIGNATURE_SUFFIX);
    }
}
