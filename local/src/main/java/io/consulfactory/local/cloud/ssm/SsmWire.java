package io.consulfactory.local.cloud.ssm;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSM's JSON 1.1 protocol (target {@code AmazonSSM}): reads each action's members from the request's JSON, calls
 * {@link Parameters} and renders the result as SSM's response shapes
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Parameter.html for a parameter).
 */
final class SsmWire {

    private final Parameters parameters;

    SsmWire(Parameters parameters) {
        this.parameters = parameters;
    }

    Object handle(AwsRequest request) {
        return switch (request.action()) {
            case "GetParameter" -> get(request);
            case "PutParameter" -> put(request);
            case "GetParametersByPath" -> byPath(request);
            case "DeleteParameter" -> delete(request);
            case "AddTagsToResource" -> addTags(request);
            case "ListTagsForResource" -> listTags(request);
            case "RemoveTagsFromResource" -> removeTags(request);
            default -> throw SsmErrors.unknownOperation(request.action());
        };
    }

    private Object get(AwsRequest request) {
        String name = request.json().path("Name").asText("");
        if (name.isEmpty()) {
            throw SsmErrors.nameMissing();
        }
        return Map.of("Parameter", parameter(parameters.get(name), request.region()));
    }

    private Object put(AwsRequest request) {
        String name = request.json().path("Name").asText("");
        String value = request.json().path("Value").asText(null);
        if (!name.startsWith("/") || value == null) {
            throw SsmErrors.nameAndValueRequired();
        }
        int version = parameters.put(name, value, request.json().path("Overwrite").asBoolean(false));
        return Map.of("Version", version, "Tier", "Standard");
    }

    private Object delete(AwsRequest request) {
        parameters.delete(request.json().path("Name").asText(""));
        return Map.of();
    }

    private Object byPath(AwsRequest request) {
        String path = request.json().path("Path").asText("/");
        boolean recursive = request.json().path("Recursive").asBoolean(false);
        List<Object> found = new ArrayList<>();
        parameters.byPath(path, recursive).forEach(p -> found.add(parameter(p, request.region())));
        return Map.of("Parameters", found);
    }

    private Object addTags(AwsRequest request) {
        String id = resourceId(request);
        Map<String, String> added = new LinkedHashMap<>();
        request.json().path("Tags").forEach(t -> added.put(t.path("Key").asText(), t.path("Value").asText("")));
        parameters.addTags(id, added);
        return Map.of();
    }

    private Object listTags(AwsRequest request) {
        List<Object> list = new ArrayList<>();
        parameters.tags(resourceId(request)).forEach((k, v) -> list.add(Map.of("Key", k, "Value", v)));
        return Map.of("TagList", list);
    }

    private Object removeTags(AwsRequest request) {
        String id = resourceId(request);
        List<String> keys = new ArrayList<>();
        request.json().path("TagKeys").forEach(k -> keys.add(k.asText()));
        parameters.removeTags(id, keys);
        return Map.of();
    }

    /** The ResourceId of a tagging call, whose ResourceType must be Parameter, the only type kept here. */
    private static String resourceId(AwsRequest request) {
        String type = request.json().path("ResourceType").asText("");
        if (!type.equals("Parameter")) {
            throw SsmErrors.invalidResourceType();
        }
        return request.json().path("ResourceId").asText("");
    }

    /** SSM's Parameter structure. Simplification: every parameter was last modified at one fixed date. */
    private static Map<String, Object> parameter(Parameter p, String region) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Name", p.name());
        parameter.put("Type", "String");
        parameter.put("Value", p.value());
        parameter.put("Version", p.version());
        parameter.put("LastModifiedDate", Instant.parse("2025-12-01T10:00:00Z").getEpochSecond());
        parameter.put("ARN", p.isPublic() ? "arn:aws:ssm:" + region + "::parameter" + p.name()
                : "arn:aws:ssm:" + region + ":" + LocalAws.ACCOUNT_ID + ":parameter" + p.name());
        parameter.put("DataType", p.name().endsWith("ami-id") ? "aws:ec2:image" : "text");
        return parameter;
    }
}
