package io.consulfactory.local.cloud.secretsmanager;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.time.Instant;
import java.util.Optional;

/**
 * AWS Secrets Manager (JSON 1.1, target prefix {@code secretsmanager}, signing name {@code secretsmanager}): the
 * doorway. {@link SecretsManagerWire} reads each request and renders its answer, {@link Secrets} holds the state and
 * its rules, {@link SecretsManagerErrors} names the errors (the operations and simplifications: the package's
 * javadoc). Requests signed with an access key registered with {@link LocalAws#registerCredentials} have their SigV4
 * signature checked ({@link #verifiesSignatures()}).
 */
public final class SecretsManagerService implements LocalService {

    private final LocalAws aws;
    private final Secrets secrets = new Secrets(LocalAws.ACCOUNT_ID);

    public SecretsManagerService(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_JSON;
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    /** Secrets are what a forged request would be after: this service checks signatures of registered keys. */
    @Override
    public boolean verifiesSignatures() {
        return true;
    }

    @Override
    public void reset() {
        secrets.reset();
    }

    @Override
    public void advanceTo(Instant now) {
        secrets.advanceTo(now);
    }

    /**
     * The AWSCURRENT SecretString of the secret a name, ARN or partial ARN names, for the local code that reads
     * secrets the way a node would (the Consul model). Empty if there is no such secret, it is scheduled for
     * deletion, or its current version is binary. Does not count as an access (LastAccessedDate).
     */
    public Optional<String> currentSecretString(String secretIdOrArnOrName) {
        synchronized (aws) {
            return secrets.find(secretIdOrArnOrName).filter(s -> !s.scheduledForDeletion())
                    .flatMap(s -> s.versionWithStage(Secret.AWSCURRENT)).flatMap(SecretVersion::secretString);
        }
    }

    /** The secret a name, ARN or partial ARN names (also one scheduled for deletion), for tests and local code. */
    public Optional<Secret> secret(String secretIdOrArnOrName) {
        synchronized (aws) {
            return secrets.find(secretIdOrArnOrName);
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        return SecretsManagerWire.serve(request, secrets, aws.now());
    }
}
