package io.consulfactory.local.consul;

import java.util.Optional;

/**
 * Where a server's boot reads the cluster's secrets: Secrets Manager's GetSecretValue for the AWSCURRENT version
 * (docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). The local Secrets Manager's
 * service has this method, so {@code consul.secrets(localAws.secretsManager()::currentSecretString)} wires it in.
 *
 * <p>Simplification: the instance profile's permissions are not checked; a secret the reader does not give is
 * a {@code ResourceNotFoundException}, whatever the real cause would be.
 */
@FunctionalInterface
public interface SecretReader {

    /** No Secrets Manager at all: every secure server's boot fails to read its secrets. */
    SecretReader NONE = id -> Optional.empty();

    /** The SecretString of the secret's AWSCURRENT version, or empty when there is none. */
    Optional<String> currentSecretString(String secretIdOrArnOrName);
}
