package io.consulfactory.local.cloud.ssm;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.ec2.Ec2Images;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SSM Parameter Store (JSON 1.1): {@code GetParameter} for the public parameters AWS publishes, such as
 * Canonical's "current Ubuntu image" ids, which point at the local AWS's public images.
 */
public final class SsmService implements LocalService {

    public static final String UBUNTU_AMD64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    public static final String UBUNTU_ARM64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

    private final Map<String, String> parameters = new LinkedHashMap<>();

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
    public void reset() {
        parameters.clear();
        parameters.put(UBUNTU_AMD64, Ec2Images.UBUNTU_AMD64);
        parameters.put(UBUNTU_ARM64, Ec2Images.UBUNTU_ARM64);
    }

    /** Sets a parameter, as AWS does when it publishes a new image. */
    public void put(String name, String value) {
        parameters.put(name, value);
    }

    @Override
    public Object handle(AwsRequest request) {
        if (!request.action().equals("GetParameter")) {
            throw new AwsError(400, "UnknownOperationException", "Unknown operation " + request.action());
        }
        String name = request.json().path("Name").asText("");
        if (name.isEmpty()) {
            throw AwsError.client("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }
        String value = parameters.get(name);
        if (value == null) {
            throw AwsError.client("ParameterNotFound", "Parameter " + name + " not found.");
        }
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Name", name);
        parameter.put("Type", "String");
        parameter.put("Value", value);
        parameter.put("Version", 1);
        parameter.put("LastModifiedDate", Instant.parse("2025-12-01T10:00:00Z").getEpochSecond());
        parameter.put("ARN", "arn:aws:ssm:" + request.region() + "::parameter" + name);
        parameter.put("DataType", name.endsWith("ami-id") ? "aws:ec2:image" : "text");
        return Map.of("Parameter", parameter);
    }
}
