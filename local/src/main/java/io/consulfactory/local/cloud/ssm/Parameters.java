package io.consulfactory.local.cloud.ssm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parameter Store of the local account: the public parameters AWS publishes
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.html) and the
 * account's own String parameters, their versions and tags, with the rules Parameter Store enforces. Kept in the
 * order they were first put, the order GetParametersByPath lists them in here.
 */
final class Parameters {

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    void clear() {
        parameters.clear();
    }

    /** A public parameter as AWS publishes it, before any call. */
    void seed(String name, String value) {
        parameters.put(name, new Parameter(name, value, 0, Map.of()));
    }

    /** Sets a parameter, as AWS does when it publishes a new image: a new version, the tags kept. */
    void publish(String name, String value) {
        Parameter current = parameters.get(name);
        parameters.put(name, current == null ? new Parameter(name, value, 1, Map.of()) : current.written(value));
    }

    /**
     * PutParameter (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html): a String
     * parameter of the Standard tier; an existing one only with Overwrite. Simplification: the reserved prefix is
     * {@code /aws/} alone (AWS also reserves names starting with "aws" or "ssm" in any case).
     *
     * @return the new version
     */
    int put(String name, String value, boolean overwrite) {
        if (name.startsWith("/aws/")) {
            throw SsmErrors.reservedName(name);
        }
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html: Standard holds 4 KB.
        if (value.length() > SsmErrors.STANDARD_VALUE_QUOTA) {
            throw SsmErrors.valueTooLong();
        }
        Parameter current = parameters.get(name);
        if (current != null && !overwrite) {
            throw SsmErrors.parameterAlreadyExists();
        }
        Parameter written = current == null ? new Parameter(name, value, 1, Map.of()) : current.written(value);
        parameters.put(name, written);
        return written.writes();
    }

    /** DeleteParameter: the parameter and its tags. */
    void delete(String name) {
        if (name.startsWith("/aws/")) {
            throw SsmErrors.reservedName(name);
        }
        if (parameters.remove(name) == null) {
            throw SsmErrors.parameterNotFound(name);
        }
    }

    Parameter get(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw SsmErrors.parameterNotFound(name);
        }
        return parameter;
    }

    boolean has(String name) {
        return parameters.containsKey(name);
    }

    /**
     * GetParametersByPath (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html):
     * the account's parameters under the path, one level deep unless recursive. Public parameters are not listed.
     */
    List<Parameter> byPath(String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        List<Parameter> found = new ArrayList<>();
        parameters.forEach((name, parameter) -> {
            if (name.startsWith(prefix) && !parameter.isPublic() && (recursive || name.indexOf('/', prefix.length()) < 0)) {
                found.add(parameter);
            }
        });
        return found;
    }

    // ---- tags (ResourceType Parameter, the only type kept here) ----

    /** The tags of the account's own parameter, for ListTagsForResource; {@code InvalidResourceId} for any other. */
    Map<String, String> tags(String resourceId) {
        return taggable(resourceId).tags();
    }

    /**
     * AddTagsToResource (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html):
     * a key given again takes the new value; at most {@link SsmErrors#TAGS_QUOTA} tags on one parameter.
     */
    void addTags(String resourceId, Map<String, String> added) {
        Parameter parameter = taggable(resourceId);
        Map<String, String> after = new LinkedHashMap<>(parameter.tags());
        after.putAll(added);
        if (after.size() > SsmErrors.TAGS_QUOTA) {
            throw SsmErrors.tooManyTags();
        }
        parameters.put(resourceId, parameter.withTags(after));
    }

    void removeTags(String resourceId, List<String> keys) {
        Parameter parameter = taggable(resourceId);
        Map<String, String> after = new LinkedHashMap<>(parameter.tags());
        keys.forEach(after::remove);
        parameters.put(resourceId, parameter.withTags(after));
    }

    /** The tags of a parameter: empty when it has none or does not exist. */
    Map<String, String> tagsOf(String name) {
        Parameter parameter = parameters.get(name);
        return parameter == null ? Map.of() : parameter.tags();
    }

    private Parameter taggable(String resourceId) {
        Parameter parameter = parameters.get(resourceId);
        if (parameter == null || parameter.isPublic()) {
            throw SsmErrors.invalidResourceId();
        }
        return parameter;
    }
}
