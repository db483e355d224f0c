package io.consulfactory.local.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * IAM: roles, inline and attached role policies, instance profiles, tags; with IAM's error codes and
 * statuses (NoSuchEntity 404, EntityAlreadyExists 409, LimitExceeded 409, DeleteConflict 409,
 * MalformedPolicyDocument 400, ValidationError 400).
 *
 * <p>Fidelity: IAM answers policy documents URL-encoded (RFC 3986) and the SDK does not decode them, so
 * neither does a caller of the local AWS get plain JSON. IAM's eventual consistency towards EC2 is
 * modelled by {@link #instanceProfileUsableByEc2}.
 */
public final class IamService implements LocalService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");

    static final class Role {
        final String name;
        final String path;
        final String id;
        final Instant created;
        String trustPolicy;
        String description;
        int maxSessionDuration = 3600;
        final Map<String, String> inlinePolicies = new TreeMap<>();
        final List<String> attachedPolicyArns = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        Role(String name, String path, String id, Instant created) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.created = created;
        }

        String arn() {
            return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role" + path + name;
        }
    }

    static final class InstanceProfile {
        final String name;
        final String path;
        final String id;
        final Instant created;
        String roleName;
        Instant roleAddedAt;
        final Map<String, String> tags = new LinkedHashMap<>();

        InstanceProfile(String name, String path, String id, Instant created) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.created = created;
        }

        String arn() {
            return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":instance-profile" + path + name;
        }
    }

    private final LocalAws aws;
    private final Map<String, Role> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, InstanceProfile> profiles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public IamService(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "https://iam.amazonaws.com/doc/2010-05-08/";
    }

    @Override
    public void reset() {
        roles.clear();
        profiles.clear();
    }

    @Override
    public Object handle(AwsRequest request) {
        QueryParams p = request.params();
        return switch (request.action()) {
            case "CreateRole" -> createRole(p);
            case "GetRole" -> node("Role", roleXml(role(p.required("RoleName"))));
            case "DeleteRole" -> deleteRole(p);
            case "ListRoles" -> listRoles(p);
            case "UpdateAssumeRolePolicy" -> {
                Role role = role(p.required("RoleName"));
                role.trustPolicy = policyDocument(p.required("PolicyDocument"));
                yield null;
            }
            case "PutRolePolicy" -> {
                Role role = role(p.required("RoleName"));
                role.inlinePolicies.put(name(p.required("PolicyName"), "policyName"), policyDocument(p.required("PolicyDocument")));
                yield null;
            }
            case "GetRolePolicy" -> getRolePolicy(p);
            case "ListRolePolicies" -> List.of(
                    Xml.list("PolicyNames", "member", role(p.required("RoleName")).inlinePolicies.keySet().stream()
                            .map(n -> el("member", n)).toList()),
                    el("IsTruncated", false));
            case "DeleteRolePolicy" -> {
                Role role = role(p.required("RoleName"));
                if (role.inlinePolicies.remove(p.required("PolicyName")) == null) {
                    throw noSuchEntity("The role policy with name " + p.get("PolicyName") + " cannot be found.");
                }
                yield null;
            }
            case "AttachRolePolicy" -> {
                Role role = role(p.required("RoleName"));
                String arn = p.required("PolicyArn");
                if (!role.attachedPolicyArns.contains(arn)) {
                    role.attachedPolicyArns.add(arn);
                }
                yield null;
            }
            case "DetachRolePolicy" -> {
                if (!role(p.required("RoleName")).attachedPolicyArns.remove(p.required("PolicyArn"))) {
                    throw noSuchEntity("Policy " + p.get("PolicyArn") + " was not found.");
                }
                yield null;
            }
            case "ListAttachedRolePolicies" -> List.of(
                    Xml.list("AttachedPolicies", "member", role(p.required("RoleName")).attachedPolicyArns.stream()
                            .map(arn -> node("member", el("PolicyName", arn.substring(arn.lastIndexOf('/') + 1)),
                                    el("PolicyArn", arn))).toList()),
                    el("IsTruncated", false));
            case "TagRole" -> {
                role(p.required("RoleName")).tags.putAll(tags(p));
                yield null;
            }
            case "UntagRole" -> {
                Role role = role(p.required("RoleName"));
                p.strings("TagKeys").forEach(role.tags::remove);
                yield null;
            }
            case "ListRoleTags" -> List.of(Xml.memberTags("Tags", role(p.required("RoleName")).tags), el("IsTruncated", false));
            case "CreateInstanceProfile" -> createInstanceProfile(p);
            case "GetInstanceProfile" -> node("InstanceProfile", profileXml(profile(p.required("InstanceProfileName"))));
            case "DeleteInstanceProfile" -> deleteInstanceProfile(p);
            case "AddRoleToInstanceProfile" -> addRoleToInstanceProfile(p);
            case "RemoveRoleFromInstanceProfile" -> {
                InstanceProfile profile = profile(p.required("InstanceProfileName"));
                String roleName = p.required("RoleName");
                if (profile.roleName == null || !profile.roleName.equalsIgnoreCase(roleName)) {
                    throw noSuchEntity("The role with name " + roleName + " cannot be found in instance profile " + profile.name + ".");
                }
                profile.roleName = null;
                profile.roleAddedAt = null;
                yield null;
            }
            case "ListInstanceProfilesForRole" -> {
                Role role = role(p.required("RoleName"));
                yield List.of(Xml.list("InstanceProfiles", "member", profiles.values().stream()
                        .filter(ip -> role.name.equalsIgnoreCase(ip.roleName)).map(ip -> node("member", profileXml(ip))).toList()),
                        el("IsTruncated", false));
            }
            case "TagInstanceProfile" -> {
                profile(p.required("InstanceProfileName")).tags.putAll(tags(p));
                yield null;
            }
            case "UntagInstanceProfile" -> {
                InstanceProfile profile = profile(p.required("InstanceProfileName"));
                p.strings("TagKeys").forEach(profile.tags::remove);
                yield null;
            }
            case "ListInstanceProfileTags" -> List.of(Xml.memberTags("Tags", profile(p.required("InstanceProfileName")).tags),
                    el("IsTruncated", false));
            default -> throw AwsError.client("InvalidAction", "Could not find operation " + request.action()
                    + " for version 2010-05-08");
        };
    }

    /**
     * Whether EC2 would accept this profile in RunInstances now: it exists, holds a role, and both were
     * made at least {@code faults().instanceProfilePropagation()} ago on the local clock.
     */
    public boolean instanceProfileUsableByEc2(String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        InstanceProfile profile = profiles.get(name);
        if (profile == null || profile.roleName == null || (nameOrArn.startsWith("arn:") && !profile.arn().equals(nameOrArn))) {
            return false;
        }
        Duration delay = aws.faults().instanceProfilePropagation();
        Instant now = aws.clock().now();
        return !now.isBefore(profile.created.plus(delay)) && !now.isBefore(profile.roleAddedAt.plus(delay));
    }

    /** The ARN of a profile by name or ARN, if it exists. */
    public Optional<String> instanceProfileArn(String nameOrArn) {
        InstanceProfile profile = profiles.get(nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1));
        return Optional.ofNullable(profile).map(InstanceProfile::arn).filter(arn -> !nameOrArn.startsWith("arn:") || arn.equals(nameOrArn));
    }

    public boolean hasRole(String name) {
        return roles.containsKey(name);
    }

    private Xml createRole(QueryParams p) {
        String name = name(p.required("RoleName"), "roleName");
        if (roles.containsKey(name)) {
            throw new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        Role role = new Role(name, path(p.get("Path", "/")), aws.newIamId("AROA"), aws.clock().now());
        role.trustPolicy = policyDocument(p.required("AssumeRolePolicyDocument"));
        role.description = p.get("Description");
        if (p.has("MaxSessionDuration")) {
            role.maxSessionDuration = p.integer("MaxSessionDuration");
        }
        role.tags.putAll(tags(p));
        roles.put(name, role);
        return node("Role", roleXml(role));
    }

    private Object deleteRole(QueryParams p) {
        Role role = role(p.required("RoleName"));
        if (!role.inlinePolicies.isEmpty() || !role.attachedPolicyArns.isEmpty()) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
        }
        if (profiles.values().stream().anyMatch(ip -> role.name.equalsIgnoreCase(ip.roleName))) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        }
        roles.remove(role.name);
        return null;
    }

    private List<Xml> listRoles(QueryParams p) {
        String prefix = p.get("PathPrefix", "/");
        return List.of(Xml.list("Roles", "member", roles.values().stream().filter(r -> r.path.startsWith(prefix))
                .map(r -> node("member", roleXml(r))).toList()), el("IsTruncated", false));
    }

    private List<Xml> getRolePolicy(QueryParams p) {
        Role role = role(p.required("RoleName"));
        String policyName = p.required("PolicyName");
        String document = role.inlinePolicies.get(policyName);
        if (document == null) {
            throw noSuchEntity("The role policy with name " + policyName + " cannot be found.");
        }
        return List.of(el("RoleName", role.name), el("PolicyName", policyName), el("PolicyDocument", urlEncoded(document)));
    }

    private Xml createInstanceProfile(QueryParams p) {
        String name = name(p.required("InstanceProfileName"), "instanceProfileName");
        if (profiles.containsKey(name)) {
            throw new AwsError(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
        }
        InstanceProfile profile = new InstanceProfile(name, path(p.get("Path", "/")), aws.newIamId("AIPA"), aws.clock().now());
        profile.tags.putAll(tags(p));
        profiles.put(name, profile);
        return node("InstanceProfile", profileXml(profile));
    }

    private Object deleteInstanceProfile(QueryParams p) {
        InstanceProfile profile = profile(p.required("InstanceProfileName"));
        if (profile.roleName != null) {
            throw new AwsError(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        }
        profiles.remove(profile.name);
        return null;
    }

    private Object addRoleToInstanceProfile(QueryParams p) {
        InstanceProfile profile = profile(p.required("InstanceProfileName"));
        Role role = role(p.required("RoleName"));
        if (profile.roleName != null) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }
        profile.roleName = role.name;
        profile.roleAddedAt = aws.clock().now();
        return null;
    }

    private Role role(String name) {
        Role role = roles.get(name);
        if (role == null) {
            throw noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private InstanceProfile profile(String name) {
        InstanceProfile profile = profiles.get(name);
        if (profile == null) {
            throw noSuchEntity("Instance Profile " + name + " cannot be found.");
        }
        return profile;
    }

    private List<Xml> roleXml(Role role) {
        List<Xml> xml = new ArrayList<>(List.of(
                el("Path", role.path), el("RoleName", role.name), el("RoleId", role.id), el("Arn", role.arn()),
                el("CreateDate", role.created.toString()),
                el("AssumeRolePolicyDocument", urlEncoded(role.trustPolicy)),
                el("MaxSessionDuration", role.maxSessionDuration)));
        if (role.description != null) {
            xml.add(el("Description", role.description));
        }
        if (!role.tags.isEmpty()) {
            xml.add(Xml.memberTags("Tags", role.tags));
        }
        return xml;
    }

    private List<Xml> profileXml(InstanceProfile profile) {
        List<Xml> roleMembers = new ArrayList<>();
        if (profile.roleName != null && roles.containsKey(profile.roleName)) {
            roleMembers.add(node("member", roleXml(roles.get(profile.roleName))));
        }
        List<Xml> xml = new ArrayList<>(List.of(
                el("Path", profile.path), el("InstanceProfileName", profile.name), el("InstanceProfileId", profile.id),
                el("Arn", profile.arn()), el("CreateDate", profile.created.toString()),
                node("Roles", roleMembers)));
        if (!profile.tags.isEmpty()) {
            xml.add(Xml.memberTags("Tags", profile.tags));
        }
        return xml;
    }

    private static Map<String, String> tags(QueryParams p) {
        Map<String, String> tags = p.tags("Tags");
        if (tags.size() > 50) {
            throw new AwsError(409, "LimitExceeded", "The number of tags has reached the maximum limit.");
        }
        return tags;
    }

    private static String name(String value, String field) {
        if (!NAME.matcher(value).matches()) {
            throw AwsError.client("ValidationError", "1 validation error detected: Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return value;
    }

    private static String path(String value) {
        if (!PATH.matcher(value).matches()) {
            throw AwsError.client("ValidationError", "The specified value for path is invalid. It must begin and end with /"
                    + " and contain only alphanumeric characters and/or / characters.");
        }
        return value;
    }

    /** A policy must be a JSON object with a Version and a Statement, as IAM's parser demands. */
    private static String policyDocument(String text) {
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (IOException e) {
            throw AwsError.client("MalformedPolicyDocument", "This policy contains invalid Json");
        }
        if (doc == null || !doc.isObject() || !doc.has("Statement")) {
            throw AwsError.client("MalformedPolicyDocument", "Syntax errors in policy.");
        }
        if (!doc.has("Version")) {
            throw AwsError.client("MalformedPolicyDocument", "The policy must contain a valid version string");
        }
        return text;
    }

    /** RFC 3986 percent-encoding, as IAM sends policy documents. */
    private static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static AwsError noSuchEntity(String message) {
        return new AwsError(404, "NoSuchEntity", message);
    }
}
