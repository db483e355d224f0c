package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.Xml;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM: roles, their inline and attached policies, instance profiles and tags, over the query protocol
 * with IAM's response shapes, error codes and statuses.
 *
 * <p>Quirks kept from AWS: names are unique regardless of case (and found regardless of case); policy
 * documents come back URL-encoded; an instance profile holds one role; EC2 sees a new instance profile,
 * or a role newly added to one, only after {@link io.consulfactory.local.cloud.Faults#instanceProfilePropagation}.
 * Customer managed policies and their versions are held by {@link ManagedPolicies} (state and rules) and spoken
 * here (wire). Simplifications: no users, groups or permission boundaries; no AWS managed policy documents; any
 * well-formed managed policy ARN can be attached.
 */
public final class IamService implements LocalService {

    private static final Pattern PROFILE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):instance-profile(/(?:.*/)?)([^/]+)");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws:iam::(aws|\\d{12}):policy(/(?:.*/)?)([\\w+=,.@-]+)");
    private static final int DEFAULT_MAX_SESSION_DURATION = 3600;
    private static final int TRUST_POLICY_QUOTA = 2048;
    private static final int INLINE_POLICIES_QUOTA = 10240;
    private static final int ATTACHED_POLICIES_QUOTA = 10;

    private final LocalAws aws;
    /** By lower-cased name: IAM names are case-insensitive. Sorted, as IAM lists them. */
    private final Map<String, IamRole> roles = new TreeMap<>();
    private final Map<String, IamInstanceProfile> profiles = new TreeMap<>();
    private final ManagedPolicies managedPolicies = new ManagedPolicies();

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
    public Object handle(AwsRequest request) {
        IamParams p = new IamParams(request.params());
        return switch (request.action()) {
            case "CreateRole" -> createRole(p);
            case "GetRole" -> Xml.node("Role", roleXml(role(p), true, true));
            case "DeleteRole" -> deleteRole(p);
            case "ListRoles" -> listRoles(p);
            case "UpdateRole" -> updateRole(p);
            case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(p);
            case "TagRole" -> tagRole(p);
            case "UntagRole" -> untagRole(p);
            case "ListRoleTags" -> p.page("Tags", tagsXml(role(p).tags()));
            case "PutRolePolicy" -> putRolePolicy(p);
            case "GetRolePolicy" -> getRolePolicy(p);
            case "ListRolePolicies" -> p.page("PolicyNames",
                    role(p).inlinePolicies().keySet().stream().map(n -> Xml.el("member", n)).toList());
            case "DeleteRolePolicy" -> deleteRolePolicy(p);
            case "AttachRolePolicy" -> attachRolePolicy(p);
            case "DetachRolePolicy" -> detachRolePolicy(p);
            case "ListAttachedRolePolicies" -> listAttachedRolePolicies(p);
            case "CreateInstanceProfile" -> createInstanceProfile(p);
            case "GetInstanceProfile" -> Xml.node("InstanceProfile", profileXml(profile(p), true));
            case "DeleteInstanceProfile" -> deleteInstanceProfile(p);
            case "ListInstanceProfiles" -> listInstanceProfiles(p);
            case "AddRoleToInstanceProfile" -> addRoleToInstanceProfile(p);
            case "RemoveRoleFromInstanceProfile" -> removeRoleFromInstanceProfile(p);
            case "ListInstanceProfilesForRole" -> listInstanceProfilesForRole(p);
            case "TagInstanceProfile" -> tagInstanceProfile(p);
            case "UntagInstanceProfile" -> untagInstanceProfile(p);
            case "ListInstanceProfileTags" -> p.page("Tags", tagsXml(profile(p).tags()));
            case "CreatePolicy" -> createPolicy(p);
            case "GetPolicy" -> Xml.node("Policy", policyXml(managedPolicies.get(p.required("PolicyArn")), true));
            case "DeletePolicy" -> deletePolicy(p);
            case "CreatePolicyVersion" -> createPolicyVersion(p);
            case "GetPolicyVersion" -> getPolicyVersion(p);
            case "ListPolicyVersions" -> listPolicyVersions(p);
            case "DeletePolicyVersion" -> deletePolicyVersion(p);
            case "TagPolicy" -> tagPolicy(p);
            case "UntagPolicy" -> untagPolicy(p);
            case "ListPolicyTags" -> p.page("Tags", tagsXml(managedPolicies.get(p.required("PolicyArn")).tags()));
            default -> throw AwsError.client("InvalidAction",
                    "The action " + request.action() + " is not valid for this web service.");
        };
    }

    @Override
    public void reset() {
        roles.clear();
        profiles.clear();
        managedPolicies.clear();
    }

    // ---- public read API (for tests and other local services) ----

    /** The role of that name (any case), if it exists. */
    public Optional<IamRole> role(String roleName) {
        synchronized (aws) {
            return Optional.ofNullable(roles.get(key(roleName)));
        }
    }

    /** The instance profile of that name (any case) or ARN, if it exists. */
    public Optional<IamInstanceProfile> instanceProfile(String nameOrArn) {
        synchronized (aws) {
            Matcher arn = PROFILE_ARN.matcher(nameOrArn);
            if (!arn.matches()) {
                return Optional.ofNullable(profiles.get(key(nameOrArn)));
            }
            IamInstanceProfile profile = profiles.get(key(arn.group(3)));
            boolean same = profile != null && arn.group(1).equals(LocalAws.ACCOUNT_ID)
                    && profile.path().equals(arn.group(2));
            return same ? Optional.of(profile) : Optional.empty();
        }
    }

    /** The customer managed policy at that ARN, if it exists. */
    public Optional<IamManagedPolicy> managedPolicy(String arn) {
        synchronized (aws) {
            return managedPolicies.find(arn);
        }
    }

    /**
     * Whether EC2 can launch an instance with this profile (name or ARN) yet. IAM is eventually
     * consistent: EC2 sees a new profile, and a role newly added to it, only a while later (in AWS
     * typically seconds; RunInstances meanwhile fails with {@code InvalidParameterValue}). True only when
     * the profile exists, holds a role, and the propagation delay has passed since both.
     */
    public boolean instanceProfileUsableByEc2(String nameOrArn) {
        synchronized (aws) {
            Optional<IamInstanceProfile> found = instanceProfile(nameOrArn);
            if (found.isEmpty() || found.get().roleName() == null) {
                return false;
            }
            IamInstanceProfile profile = found.get();
            Duration delay = aws.faults().instanceProfilePropagation();
            Instant now = aws.clock().now();
            return !now.isBefore(profile.createDate().plus(delay)) && !now.isBefore(profile.roleAddedAt().plus(delay));
        }
    }

    // ---- roles ----

    private Object createRole(IamParams p) {
        String name = p.name("RoleName", 64);
        String path = p.path();
        String trustPolicy = trustPolicy(p);
        String description = p.description();
        int maxSessionDuration = p.maxSessionDuration(DEFAULT_MAX_SESSION_DURATION);
        Map<String, String> tags = p.tags();
        if (roles.containsKey(key(name))) {
            throw new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        IamRole role = new IamRole(name, path, aws.newIamId("AROA"), now(), trustPolicy, description,
                maxSessionDuration, tags, Map.of(), Map.of());
        roles.put(key(name), role);
        return Xml.node("Role", roleXml(role, true, false));
    }

    private Object deleteRole(IamParams p) {
        IamRole role = role(p);
        if (profiles.values().stream().anyMatch(ip -> role.roleName().equals(ip.roleName()))) {
            throw conflict("Cannot delete entity, must remove roles from instance profile first.");
        }
        if (!role.attachedPolicies().isEmpty()) {
            throw conflict("Cannot delete entity, must detach all policies first.");
        }
        if (!role.inlinePolicies().isEmpty()) {
            throw conflict("Cannot delete entity, must delete policies first.");
        }
        roles.remove(key(role.roleName()));
        return null;
    }

    private Object listRoles(IamParams p) {
        String prefix = p.pathPrefix();
        // ListRoles leaves out tags and RoleLastUsed, as IAM does: callers use GetRole for those.
        return p.page("Roles", roles.values().stream()
                .filter(r -> r.path().startsWith(prefix))
                .map(r -> Xml.node("member", roleXml(r, false, false)))
                .toList());
    }

    private Object updateRole(IamParams p) {
        IamRole role = role(p);
        String description = p.optional("Description") == null ? role.description() : p.description();
        put(role.withSettings(description, p.maxSessionDuration(role.maxSessionDuration())));
        return List.of();
    }

    private Object updateAssumeRolePolicy(IamParams p) {
        IamRole role = role(p);
        String document = p.required("PolicyDocument");
        checkTrustPolicy(document);
        put(role.withAssumeRolePolicyDocument(document));
        return null;
    }

    private Object tagRole(IamParams p) {
        IamRole role = role(p);
        put(role.withTags(merged(role.tags(), p.tags())));
        return null;
    }

    private Object untagRole(IamParams p) {
        IamRole role = role(p);
        put(role.withTags(without(role.tags(), p.tagKeys())));
        return null;
    }

    private String trustPolicy(IamParams p) {
        String document = p.required("AssumeRolePolicyDocument");
        checkTrustPolicy(document);
        return document;
    }

    private static void checkTrustPolicy(String document) {
        PolicyDocuments.check(document);
        if (PolicyDocuments.size(document) > TRUST_POLICY_QUOTA) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_QUOTA);
        }
    }

    // ---- role policies ----

    private Object putRolePolicy(IamParams p) {
        IamRole role = role(p);
        String policyName = p.name("PolicyName", 128);
        String document = p.required("PolicyDocument");
        PolicyDocuments.check(document);
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.put(policyName, document);
        int total = policies.values().stream().mapToInt(PolicyDocuments::size).sum();
        if (total > INLINE_POLICIES_QUOTA) {
            throw new AwsError(409, "LimitExceeded", "Maximum policy size of " + INLINE_POLICIES_QUOTA
                    + " bytes exceeded for role " + role.roleName());
        }
        put(role.withInlinePolicies(policies));
        return null;
    }

    private Object getRolePolicy(IamParams p) {
        IamRole role = role(p);
        String policyName = p.name("PolicyName", 128);
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw noSuchPolicy(policyName);
        }
        return List.of(
                Xml.el("RoleName", role.roleName()),
                Xml.el("PolicyName", policyName),
                Xml.el("PolicyDocument", PolicyDocuments.urlEncoded(document)));
    }

    private Object deleteRolePolicy(IamParams p) {
        IamRole role = role(p);
        String policyName = p.name("PolicyName", 128);
        if (!role.inlinePolicies().containsKey(policyName)) {
            throw noSuchPolicy(policyName);
        }
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.remove(policyName);
        put(role.withInlinePolicies(policies));
        return null;
    }

    private Object attachRolePolicy(IamParams p) {
        IamRole role = role(p);
        String arn = p.required("PolicyArn");
        Matcher policy = POLICY_ARN.matcher(arn);
        if (!policy.matches()) {
            throw AwsError.client("InvalidInput", "ARN " + arn + " is not valid.");
        }
        Map<String, String> attached = new LinkedHashMap<>(role.attachedPolicies());
        attached.put(arn, policy.group(3));
        if (attached.size() > ATTACHED_POLICIES_QUOTA) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: " + ATTACHED_POLICIES_QUOTA);
        }
        put(role.withAttachedPolicies(attached));
        return null;
    }

    private Object detachRolePolicy(IamParams p) {
        IamRole role = role(p);
        String arn = p.required("PolicyArn");
        if (!role.attachedPolicies().containsKey(arn)) {
            throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
        }
        Map<String, String> attached = new LinkedHashMap<>(role.attachedPolicies());
        attached.remove(arn);
        put(role.withAttachedPolicies(attached));
        return null;
    }

    private Object listAttachedRolePolicies(IamParams p) {
        IamRole role = role(p);
        String prefix = p.pathPrefix();
        List<Xml> attached = new ArrayList<>();
        role.attachedPolicies().forEach((arn, name) -> {
            Matcher policy = POLICY_ARN.matcher(arn);
            if (policy.matches() && policy.group(2).startsWith(prefix)) {
                attached.add(Xml.node("member", Xml.el("PolicyName", name), Xml.el("PolicyArn", arn)));
            }
        });
        return p.page("AttachedPolicies", attached);
    }

    // ---- managed policies ----

    private Object createPolicy(IamParams p) {
        String name = p.name("PolicyName", 128);
        String path = p.path();
        String document = p.required("PolicyDocument");
        String description = p.description();
        Map<String, String> tags = p.tags();
        IamManagedPolicy policy = managedPolicies.create(name, path, document, description, tags, aws.newIamId("ANPA"), now());
        // CreatePolicy answers without the Description (GetPolicy has it), as IAM does.
        return Xml.node("Policy", policyXml(policy, false));
    }

    private Object deletePolicy(IamParams p) {
        String arn = p.required("PolicyArn");
        managedPolicies.delete(arn, attachments(arn) > 0);
        return null;
    }

    private Object createPolicyVersion(IamParams p) {
        String arn = p.required("PolicyArn");
        String document = p.required("PolicyDocument");
        boolean setAsDefault = Boolean.parseBoolean(p.optional("SetAsDefault"));
        IamManagedPolicy.Version version = managedPolicies.createVersion(arn, document, setAsDefault, now());
        return Xml.node("PolicyVersion", versionXml(managedPolicies.get(arn), version, false));
    }

    private Object getPolicyVersion(IamParams p) {
        String arn = p.required("PolicyArn");
        IamManagedPolicy.Version version = managedPolicies.version(arn, p.required("VersionId"));
        return Xml.node("PolicyVersion", versionXml(managedPolicies.get(arn), version, true));
    }

    private Object listPolicyVersions(IamParams p) {
        IamManagedPolicy policy = managedPolicies.get(p.required("PolicyArn"));
        return p.page("Versions", policy.versions().stream()
                .map(v -> Xml.node("member", versionXml(policy, v, false))).toList());
    }

    private Object deletePolicyVersion(IamParams p) {
        managedPolicies.deleteVersion(p.required("PolicyArn"), p.required("VersionId"));
        return null;
    }

    private Object tagPolicy(IamParams p) {
        String arn = p.required("PolicyArn");
        managedPolicies.tag(arn, merged(managedPolicies.get(arn).tags(), p.tags()));
        return null;
    }

    private Object untagPolicy(IamParams p) {
        String arn = p.required("PolicyArn");
        managedPolicies.tag(arn, without(managedPolicies.get(arn).tags(), p.tagKeys()));
        return null;
    }

    private long attachments(String arn) {
        return roles.values().stream().filter(r -> r.attachedPolicies().containsKey(arn)).count();
    }

    // ---- instance profiles ----

    private Object createInstanceProfile(IamParams p) {
        String name = p.name("InstanceProfileName", 128);
        String path = p.path();
        Map<String, String> tags = p.tags();
        if (profiles.containsKey(key(name))) {
            throw new AwsError(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
        }
        IamInstanceProfile profile = new IamInstanceProfile(name, path, aws.newIamId("AIPA"), now(), tags, null, null);
        profiles.put(key(name), profile);
        return Xml.node("InstanceProfile", profileXml(profile, true));
    }

    private Object deleteInstanceProfile(IamParams p) {
        IamInstanceProfile profile = profile(p);
        if (profile.roleName() != null) {
            throw conflict("Cannot delete entity, must remove roles from instance profile first.");
        }
        profiles.remove(key(profile.instanceProfileName()));
        return null;
    }

    private Object listInstanceProfiles(IamParams p) {
        String prefix = p.pathPrefix();
        return p.page("InstanceProfiles", profiles.values().stream()
                .filter(ip -> ip.path().startsWith(prefix))
                .map(ip -> Xml.node("member", profileXml(ip, false)))
                .toList());
    }

    private Object addRoleToInstanceProfile(IamParams p) {
        IamInstanceProfile profile = profile(p);
        IamRole role = role(p);
        if (profile.roleName() != null) {
            // A fixed quota: AWS answers this even when it is the same role again.
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }
        put(profile.withRole(role.roleName(), now()));
        return null;
    }

    private Object removeRoleFromInstanceProfile(IamParams p) {
        IamInstanceProfile profile = profile(p);
        IamRole role = role(p);
        if (!role.roleName().equals(profile.roleName())) {
            throw noSuchRole(role.roleName());
        }
        put(profile.withRole(null, null));
        return null;
    }

    private Object listInstanceProfilesForRole(IamParams p) {
        IamRole role = role(p);
        return p.page("InstanceProfiles", profiles.values().stream()
                .filter(ip -> role.roleName().equals(ip.roleName()))
                .map(ip -> Xml.node("member", profileXml(ip, false)))
                .toList());
    }

    private Object tagInstanceProfile(IamParams p) {
        IamInstanceProfile profile = profile(p);
        put(profile.withTags(merged(profile.tags(), p.tags())));
        return null;
    }

    private Object untagInstanceProfile(IamParams p) {
        IamInstanceProfile profile = profile(p);
        put(profile.withTags(without(profile.tags(), p.tagKeys())));
        return null;
    }

    // ---- lookups and state ----

    private IamRole role(IamParams p) {
        String name = p.name("RoleName", 64);
        IamRole role = roles.get(key(name));
        if (role == null) {
            throw noSuchRole(name);
        }
        return role;
    }

    private IamInstanceProfile profile(IamParams p) {
        String name = p.name("InstanceProfileName", 128);
        IamInstanceProfile profile = profiles.get(key(name));
        if (profile == null) {
            throw new AwsError(404, "NoSuchEntity", "Instance Profile " + name + " cannot be found.");
        }
        return profile;
    }

    private void put(IamRole role) {
        roles.put(key(role.roleName()), role);
    }

    private void put(IamInstanceProfile profile) {
        profiles.put(key(profile.instanceProfileName()), profile);
    }

    private Instant now() {
        return aws.clock().now();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Tag keys are case-insensitive in IAM: a new value for an existing key replaces it. */
    private static Map<String, String> merged(Map<String, String> tags, Map<String, String> added) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        added.forEach((k, v) -> {
            result.keySet().removeIf(k::equalsIgnoreCase);
            result.put(k, v);
        });
        return result;
    }

    private static Map<String, String> without(Map<String, String> tags, List<String> keys) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        keys.forEach(k -> result.keySet().removeIf(k::equalsIgnoreCase));
        return result;
    }

    private static AwsError noSuchRole(String name) {
        return new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private static AwsError noSuchPolicy(String name) {
        return new AwsError(404, "NoSuchEntity", "The role policy with name " + name + " cannot be found.");
    }

    private static AwsError conflict(String message) {
        return new AwsError(409, "DeleteConflict", message);
    }

    // ---- response shapes ----

    /** The members of IAM's Role structure. GetRole alone adds RoleLastUsed (empty: nothing assumes roles here). */
    private List<Xml> roleXml(IamRole role, boolean withTags, boolean withLastUsed) {
        List<Xml> xml = new ArrayList<>(List.of(
                Xml.el("Path", role.path()),
                Xml.el("RoleName", role.roleName()),
                Xml.el("RoleId", role.roleId()),
                Xml.el("Arn", role.arn()),
                Xml.el("CreateDate", iso(role.createDate())),
                // IAM sends policy documents URL-encoded (RFC 3986) and the SDK does not decode them.
                Xml.el("AssumeRolePolicyDocument", PolicyDocuments.urlEncoded(role.assumeRolePolicyDocument())),
                Xml.el("MaxSessionDuration", role.maxSessionDuration())));
        if (role.description() != null) {
            xml.add(Xml.el("Description", role.description()));
        }
        if (withTags && !role.tags().isEmpty()) {
            xml.add(Xml.memberTags("Tags", role.tags()));
        }
        if (withLastUsed) {
            xml.add(Xml.node("RoleLastUsed"));
        }
        return xml;
    }

    private List<Xml> profileXml(IamInstanceProfile profile, boolean withTags) {
        List<Xml> held = new ArrayList<>();
        profile.role().map(name -> roles.get(key(name)))
                .ifPresent(role -> held.add(Xml.node("member", roleXml(role, false, false))));
        List<Xml> xml = new ArrayList<>(List.of(
                Xml.el("Path", profile.path()),
                Xml.el("InstanceProfileName", profile.instanceProfileName()),
                Xml.el("InstanceProfileId", profile.instanceProfileId()),
                Xml.el("Arn", profile.arn()),
                Xml.el("CreateDate", iso(profile.createDate())),
                Xml.node("Roles", held)));
        if (withTags && !profile.tags().isEmpty()) {
            xml.add(Xml.memberTags("Tags", profile.tags()));
        }
        return xml;
    }

    /** IAM's Policy structure; GetPolicy adds the Description. */
    private List<Xml> policyXml(IamManagedPolicy policy, boolean withDescription) {
        List<Xml> xml = new ArrayList<>(List.of(
                Xml.el("PolicyName", policy.policyName()),
                Xml.el("PolicyId", policy.policyId()),
                Xml.el("Arn", policy.arn()),
                Xml.el("Path", policy.path()),
                Xml.el("DefaultVersionId", policy.defaultVersionId()),
                Xml.el("AttachmentCount", attachments(policy.arn())),
                Xml.el("PermissionsBoundaryUsageCount", 0),
                Xml.el("IsAttachable", true),
                Xml.el("CreateDate", iso(policy.createDate())),
                Xml.el("UpdateDate", iso(policy.updateDate()))));
        if (withDescription && policy.description() != null) {
            xml.add(Xml.el("Description", policy.description()));
        }
        if (!policy.tags().isEmpty()) {
            xml.add(Xml.memberTags("Tags", policy.tags()));
        }
        return xml;
    }

    /** IAM's PolicyVersion structure: the Document (URL-encoded, as IAM sends it) only from GetPolicyVersion. */
    private static List<Xml> versionXml(IamManagedPolicy policy, IamManagedPolicy.Version version, boolean withDocument) {
        List<Xml> xml = new ArrayList<>();
        if (withDocument) {
            xml.add(Xml.el("Document", PolicyDocuments.urlEncoded(version.document())));
        }
        xml.add(Xml.el("VersionId", version.versionId()));
        xml.add(Xml.el("IsDefaultVersion", version.versionId().equals(policy.defaultVersionId())));
        xml.add(Xml.el("CreateDate", iso(version.createDate())));
        return xml;
    }

    private static List<Xml> tagsXml(Map<String, String> tags) {
        List<Xml> members = new ArrayList<>();
        tags.forEach((k, v) -> members.add(Xml.node("member", Xml.el("Key", k), Xml.el("Value", v))));
        return members;
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
