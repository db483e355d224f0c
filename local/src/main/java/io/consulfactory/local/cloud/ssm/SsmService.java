package io.consulfactory.local.cloud.ssm;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.ec2.Ec2Images;

import java.util.Map;

/**
 * SSM Parameter Store's doorway: the service's names, the public parameters seeded on every reset, publishing and
 * read access for tests, and each request handed to {@link SsmWire}.
 */
public final class SsmService implements LocalService {

    public static final String UBUNTU_AMD64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    public static final String UBUNTU_ARM64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

    private final Parameters parameters = new Parameters();
    private final SsmWire wire = new SsmWire(parameters);

    public SsmService(LocalAws aws) {
        reset();
    }

    @Override
    public String signingName() {
        return "ssm";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_JSON;
    }

    @Override
    public String targetPrefix() {
        return "AmazonSSM";
    }

    @Override
    public Object handle(AwsRequest request) {
        return wire.handle(request);
    }

    @Override
    public void reset() {
        parameters.clear();
        parameters.seed(UBUNTU_AMD64, Ec2Images.UBUNTU_AMD64);
        parameters.seed(UBUNTU_ARM64, Ec2Images.UBUNTU_ARM64);
    }

    /** Sets a parameter, as AWS does when it publishes a new image. */
    public void publish(String name, String value) {
        parameters.publish(name, value);
    }

    /** The tags of a parameter, for tests: empty when it has none or does not exist. */
    public Map<String, String> tags(String name) {
        return Map.copyOf(parameters.tagsOf(name));
    }

    /** Whether the account has this parameter. */
    public boolean has(String name) {
        return parameters.has(name);
    }
}
