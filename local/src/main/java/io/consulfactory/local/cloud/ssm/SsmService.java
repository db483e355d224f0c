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
 * SSM Parameter Store (JSON 1.1): the public parameters AWS publishes, such as Canonical's "current Ubuntu
 * image" ids (pointing at the local AWS's public images), and the account's own String parameters:
 * {@code GetParameter}, {@code PutParameter}, {@code GetParametersByPath}.
 */
public final class SsmService implements LocalService {

    public static final String UBUNTU_AMD64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    public static final String UBUNTU_ARM64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();

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
        versions.clear();
        parameters.put(UBUNTU_AMD64, Ec2Images.UBUNTU_AMD64);
        parameters.put(UBUNTU_ARM64, Ec2Images.UBUNTU_ARM64);
    }

    /** Sets a parameter, as AWS does when it publishes a new image. */
    public void publish(String name, String value) {
        parameters.put(name, value);
        versions.merge(name, 1, Integer::sum);
    }

    @Override
    public Object handle(AwsRequest request) {
        return switch (request.action()) {
            case "GetParameter" -> get(request);
            case "PutParameter" -> put(request);
            case "GetParametersByPath" -> byPath(request);
            default -> throw new AwsError(400, "UnknownOperationException", "Unknown operation " + request.action());
        };
    }

    /** PutParameter: a String parameter; an existing one only with Overwrite (ParameterAlreadyExists otherwise). */
    private Object put(AwsRequest request) {
        String name = request.json().path("Name").asText("");
        String value = request.json().path("Value").asText(null);
        if (!name.startsWith("/") || value == null) {
            throw AwsError.client("ValidationException", "Parameter name must start with / and a Value is required");
        }
        if (name.startsWith("/aws/")) {
            throw AwsError.client("AccessDeniedException", "No access to reserved parameter name: " + name + ".");
        }
        if (value.length() > 4096) {
            throw AwsError.client("ValidationException", "Standard tier parameters support a maximum parameter value of 4096 characters.");
        }
        boolean exists = parameters.containsKey(name);
        if (exists && !request.json().path("Overwrite").asBoolean(false)) {
            throw AwsError.client("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the"
                    + " overwrite option in the request to true.");
        }
        parameters.put(name, value);
        versions.merge(name, 1, Integer::sum);
        return Map.of("Version", versions.get(name), "Tier", "Standard");
    }

    private Object byPath(AwsRequest request) {
        String path = request.json().path("Path").asText("/");
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = request.json().path("Recursive").asBoolean(false);
        java.util.List<Object> found = new java.util.ArrayList<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith(prefix) && !name.startsWith("/aws/") && (recursive || name.indexOf('/', prefix.length()) < 0)) {
                found.add(parameter(name, value, request.region()));
            }
        });
        return Map.of("Parameters", found);
    }

    private Object get(AwsRequest request) {
        String name = request.json().path("Name").asText("");
        if (name.isEmpty()) {
            throw AwsError.client("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }
        String value = parameters.get(name);
        if (value == null) {
            throw AwsError.client("ParameterNotFound", "Parameter " + name + " not found.");
        }
        return Map.of("Parameter", parameter(name, value, request.region()));
    }

    private Map<String, Object> parameter(String name, String value, String region) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Name", name);
        parameter.put("Type", "String");
        parameter.put("Value", value);
        parameter.put("Version", versions.getOrDefault(name, 1));
        parameter.put("LastModifiedDate", Instant.parse("2025-12-01T10:00:00Z").getEpochSecond());
        parameter.put("ARN", name.startsWith("/aws/") ? "arn:aws:ssm:" + region + "::parameter" + name
                : "arn:aws:ssm:" + region + ":" + LocalAws.ACCOUNT_ID + ":parameter" + name);
        parameter.put("DataType", name.endsWith("ami-id") ? "aws:ec2:image" : "text");
        return parameter;
    }
}
