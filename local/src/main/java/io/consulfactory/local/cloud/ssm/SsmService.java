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
 * {@code GetParameter}, {@code PutParameter}, {@code GetParametersByPath}, {@code DeleteParameter}, and their tags
 * ({@code AddTagsToResource}, {@code ListTagsForResource}, {@code RemoveTagsFromResource} with ResourceType
 * {@code Parameter}).
 */
public final class SsmService implements LocalService {

    public static final String UBUNTU_AMD64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    public static final String UBUNTU_ARM64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

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
        tags.clear();
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
            case "DeleteParameter" -> delete(request);
            case "AddTagsToResource" -> addTags(request);
            case "ListTagsForResource" -> listTags(request);
            case "RemoveTagsFromResource" -> removeTags(request);
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

    /** DeleteParameter: the parameter and its tags; ParameterNotFound for one that does not exist. */
    private Object delete(AwsRequest request) {
        String name = request.json().path("Name").asText("");
        if (name.startsWith("/aws/")) {
            throw AwsError.client("AccessDeniedException", "No access to reserved parameter name: " + name + ".");
        }
        if (parameters.remove(name) == null) {
            throw AwsError.client("ParameterNotFound", "Parameter " + name + " not found.");
        }
        versions.remove(name);
        tags.remove(name);
        return Map.of();
    }

    /**
     * The tags of the account's own parameter named by ResourceId (AddTagsToResource and friends, ResourceType
     * Parameter, the only type kept here): "InvalidResourceId: The resource ID isn't valid" for one that does not
     * exist (AddTagsToResource's API reference, Errors). A key given again takes the new value (the same reference).
     */
    private Map<String, String> tagsOf(AwsRequest request) {
        String type = request.json().path("ResourceType").asText("");
        if (!type.equals("Parameter")) {
            throw AwsError.client("InvalidResourceType", "The resource type isn't valid. For example, if you are attempting"
                    + " to tag an EC2 instance, the instance must be a registered managed node.");
        }
        String id = request.json().path("ResourceId").asText("");
        if (!parameters.containsKey(id) || id.startsWith("/aws/")) {
            throw AwsError.client("InvalidResourceId", "The resource ID isn't valid. Verify that you entered the correct ID"
                    + " and try again.");
        }
        return tags.computeIfAbsent(id, n -> new LinkedHashMap<>());
    }

    private Object addTags(AwsRequest request) {
        Map<String, String> current = tagsOf(request);
        Map<String, String> after = new LinkedHashMap<>(current);
        request.json().path("Tags").forEach(t -> after.put(t.path("Key").asText(), t.path("Value").asText("")));
        if (after.size() > 50) {
            throw AwsError.client("TooManyTagsError", "The Targets parameter includes too many tags. Remove one or more tags"
                    + " and try the command again.");
        }
        current.putAll(after);
        return Map.of();
    }

    private Object listTags(AwsRequest request) {
        java.util.List<Object> list = new java.util.ArrayList<>();
        tagsOf(request).forEach((k, v) -> list.add(Map.of("Key", k, "Value", v)));
        return Map.of("TagList", list);
    }

    private Object removeTags(AwsRequest request) {
        Map<String, String> current = tagsOf(request);
        request.json().path("TagKeys").forEach(k -> current.remove(k.asText()));
        return Map.of();
    }

    /** The tags of a parameter, for tests: empty when it has none or does not exist. */
    public Map<String, String> tags(String name) {
        return Map.copyOf(tags.getOrDefault(name, Map.of()));
    }

    /** Whether the account has this parameter. */
    public boolean has(String name) {
        return parameters.containsKey(name);
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
