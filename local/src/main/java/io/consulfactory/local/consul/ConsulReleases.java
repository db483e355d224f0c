package io.consulfactory.local.consul;

import java.util.Set;

/**
 * What releases.hashicorp.com serves, as far as the simulated builders need it: which Consul versions exist. The
 * bake script ({@code functions/src/main/resources/userdata/bake.sh}) downloads
 * {@code consul_<version>_linux_<arch>.zip} from {@code https://releases.hashicorp.com/consul/<version>/}; for a
 * version HashiCorp never released that is a 404, {@code curl --fail} exits 22, and the script's exit trap prints
 * {@link #downloadFailedLine} (the line as the real script prints it, run against a server answering 404).
 *
 * <p>Simplification: a fixed list of real open-source 1.x releases, the ones the tests, the README and the example
 * inputs use and their neighbours; a real release left out of it fails here as an unknown one would. Enterprise
 * ({@code +ent}) and pre-release builds are not in it.
 */
public final class ConsulReleases {

    /** Real Consul releases (github.com/hashicorp/consul/releases). */
    static final Set<String> VERSIONS = Set.of(
            "1.18.0", "1.18.1", "1.18.2",
            "1.19.0", "1.19.1", "1.19.2",
            "1.20.0", "1.20.1", "1.20.2", "1.20.3", "1.20.4", "1.20.5",
            "1.21.0", "1.21.1", "1.21.2",
            "1.22.0");

    private ConsulReleases() {
    }

    /** Whether HashiCorp published this version (and so its zip for every architecture the factory bakes). */
    public static boolean published(String version) {
        return VERSIONS.contains(version);
    }

    /** The release zip's name, as bake.sh builds it: {@code amd64} for x86_64, {@code arm64} for arm64. */
    public static String zip(String version, String ec2Architecture) {
        return "consul_" + version + "_linux_" + (ec2Architecture.equals("arm64") ? "arm64" : "amd64") + ".zip";
    }

    /** The result line bake.sh prints when the zip's download fails with a 404 (curl's exit code 22). */
    public static String downloadFailedLine(String version, String ec2Architecture) {
        return "CONSUL_BAKE_RESULT=FAILED reason=download of " + zip(version, ec2Architecture) + " failed (exit 22)";
    }
}
