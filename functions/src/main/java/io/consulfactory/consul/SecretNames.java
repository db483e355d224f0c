package io.consulfactory.consul;

/**
 * The names of a cluster's secrets in AWS Secrets Manager (contract 14): one prefix per cluster, so an IAM
 * policy can name exactly one cluster's secrets (with AWS's {@code -??????} wildcard for the random suffix,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html).
 */
public final class SecretNames {

    public static final String PREFIX = "consul-cluster-factory/";

    private SecretNames() {
    }

    /** The gossip key and the CA certificate: servers and client agents read it. */
    public static String client(String clusterName) {
        return PREFIX + clusterName + "/client";
    }

    /** The server certificate and key and the ACL tokens: servers only. */
    public static String server(String clusterName) {
        return PREFIX + clusterName + "/server";
    }

    /** The CA's private key: only the function that signs certificates. */
    public static String caKey(String clusterName) {
        return PREFIX + clusterName + "/ca-key";
    }
}
