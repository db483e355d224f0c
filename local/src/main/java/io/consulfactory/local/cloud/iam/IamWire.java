package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.Xml;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IAM's query protocol: reads each action's parameters ({@link IamParamsWire}), calls the state ({@link Roles},
 * {@link InstanceProfiles}, {@link ManagedPolicies}) and renders the result in IAM's response shapes
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Types.html). Parameters are read, and refused, in the
 * order IAM reads them, each operation's lookups before the members that follow.
 */
final class IamWire {

    private final Roles roles;
    private final InstanceProfiles profiles;
    private final ManagedPolicies managedPolicies;

    IamWire(Roles roles, InstanceProfiles profiles, ManagedPolicies managedPolicies) {
        this.roles = roles;
        this.profiles = profiles;
        this.managedPolicies = managedPolicies;
    }

    Object handle(AwsRequest request) {
        IamParamsWire p = new IamParamsWire(request.params());
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
            default -> throw IamErrors.invalidAction(request.action());
        };
    }

    // ---- roles ----

    private Object createRole(IamParamsWire p) {
        String name = p.name("RoleName", 64);
        String path = p.path();
        String trustPolicy = p.required("AssumeRolePolicyDocument");
        Roles.checkTrustPolicy(trustPolicy);
        String description = p.description();
        int maxSessionDuration = p.maxSessionDuration(Roles.DEFAULT_MAX_SESSION_DURATION);
        Map<String, String> tags = p.tags();
        IamRole role = roles.create(name, path, trustPolicy, description, maxSessionDuration, tags);
        return Xml.node("Role", roleXml(role, true, false));
    }

    private Object deleteRole(IamParamsWire p) {
        IamRole role = role(p);
        roles.delete(role, !profiles.holding(role).isEmpty());
        return null;
    }

    private Object listRoles(IamParamsWire p) {
        String prefix = p.pathPrefix();
        // ListRoles leaves out tags and RoleLastUsed, as IAM does: callers use GetRole for those.
        return p.page("Roles", roles.withPathPrefix(prefix).stream()
                .map(r -> Xml.node("member", roleXml(r, false, false)))
                .toList());
    }

    private Object updateRole(IamParamsWire p) {
        IamRole role = role(p);
        String description = p.optional("Description") == null ? role.description() : p.description();
        roles.update(role, description, p.maxSessionDuration(role.maxSessionDuration()));
        return List.of();
    }

    private Object updateAssumeRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        roles.updateTrustPolicy(role, p.required("PolicyDocument"));
        return null;
    }

    private Object tagRole(IamParamsWire p) {
        roles.tag(role(p), p.tags());
        return null;
    }

    private Object untagRole(IamParamsWire p) {
        roles.untag(role(p), p.tagKeys());
        return null;
    }

    // ---- role policies ----

    private Object putRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        String policyName = p.name("PolicyName", 128);
        roles.putPolicy(role, policyName, p.required("PolicyDocument"));
        return null;
    }

    private Object getRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        String policyName = p.name("PolicyName", 128);
        String document = roles.policy(role, policyName);
        return List.of(
                Xml.el("RoleName", role.roleName()),
                Xml.el("PolicyName", policyName),
                Xml.el("PolicyDocument", PolicyDocuments.urlEncoded(document)));
    }

    private Object deleteRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        roles.deletePolicy(role, p.name("PolicyName", 128));
        return null;
    }

    private Object attachRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        roles.attach(role, PolicyArn.parse(p.required("PolicyArn")));
        return null;
    }

    private Object detachRolePolicy(IamParamsWire p) {
        IamRole role = role(p);
        roles.detach(role, p.required("PolicyArn"));
        return null;
    }

    private Object listAttachedRolePolicies(IamParamsWire p) {
        IamRole role = role(p);
        String prefix = p.pathPrefix();
        return p.page("AttachedPolicies", roles.attached(role, prefix).stream()
                .map(policy -> Xml.node("member", Xml.el("PolicyName", policy.name()), Xml.el("PolicyArn", policy.arn())))
                .toList());
    }

    // ---- managed policies ----

    private Object createPolicy(IamParamsWire p) {
        String name = p.name("PolicyName", 128);
        String path = p.path();
        String document = p.required("PolicyDocument");
        String description = p.description();
        Map<String, String> tags = p.tags();
        IamManagedPolicy policy = managedPolicies.create(name, path, document, description, tags);
        // CreatePolicy answers without the Description (GetPolicy has it), as IAM does.
        return Xml.node("Policy", policyXml(policy, false));
    }

    private Object deletePolicy(IamParamsWire p) {
        String arn = p.required("PolicyArn");
        managedPolicies.delete(arn, roles.attachments(arn) > 0);
        return null;
    }

    private Object createPolicyVersion(IamParamsWire p) {
        String arn = p.required("PolicyArn");
        String document = p.required("PolicyDocument");
        boolean setAsDefault = Boolean.parseBoolean(p.optional("SetAsDefault"));
        IamManagedPolicy.Version version = managedPolicies.createVersion(arn, document, setAsDefault);
        return Xml.node("PolicyVersion", versionXml(managedPolicies.get(arn), version, false));
    }

    private Object getPolicyVersion(IamParamsWire p) {
        String arn = p.required("PolicyArn");
        IamManagedPolicy.Version version = managedPolicies.version(arn, p.required("VersionId"));
        return Xml.node("PolicyVersion", versionXml(managedPolicies.get(arn), version, true));
    }

    private Object listPolicyVersions(IamParamsWire p) {
        IamManagedPolicy policy = managedPolicies.get(p.required("PolicyArn"));
        return p.page("Versions", policy.versions().stream()
                .map(v -> Xml.node("member", versionXml(policy, v, false))).toList());
    }

    private Object deletePolicyVersion(IamParamsWire p) {
        managedPolicies.deleteVersion(p.required("PolicyArn"), p.required("VersionId"));
        return null;
    }

    private Object tagPolicy(IamParamsWire p) {
        managedPolicies.tag(managedPolicies.get(p.required("PolicyArn")), p.tags());
        return null;
    }

    private Object untagPolicy(IamParamsWire p) {
        managedPolicies.untag(managedPolicies.get(p.required("PolicyArn")), p.tagKeys());
        return null;
    }

    // ---- instance profiles ----

    private Object createInstanceProfile(IamParamsWire p) {
        String name = p.name("InstanceProfileName", 128);
        String path = p.path();
        Map<String, String> tags = p.tags();
        return Xml.node("InstanceProfile", profileXml(profiles.create(name, path, tags), true));
    }

    private Object deleteInstanceProfile(IamParamsWire p) {
        profiles.delete(profile(p));
        return null;
    }

    private Object listInstanceProfiles(IamParamsWire p) {
        String prefix = p.pathPrefix();
        return p.page("InstanceProfiles", profiles.withPathPrefix(prefix).stream()
                .map(ip -> Xml.node("member", profileXml(ip, false)))
                .toList());
    }

    private Object addRoleToInstanceProfile(IamParamsWire p) {
        IamInstanceProfile profile = profile(p);
        profiles.addRole(profile, role(p));
        return null;
    }

    private Object removeRoleFromInstanceProfile(IamParamsWire p) {
        IamInstanceProfile profile = profile(p);
        profiles.removeRole(profile, role(p));
        return null;
    }

    private Object listInstanceProfilesForRole(IamParamsWire p) {
        IamRole role = role(p);
        return p.page("InstanceProfiles", profiles.holding(role).stream()
                .map(ip -> Xml.node("member", profileXml(ip, false)))
                .toList());
    }

    private Object tagInstanceProfile(IamParamsWire p) {
        profiles.tag(profile(p), p.tags());
        return null;
    }

    private Object untagInstanceProfile(IamParamsWire p) {
        profiles.untag(profile(p), p.tagKeys());
        return null;
    }

    // ---- lookups ----

    private IamRole role(IamParamsWire p) {
        return roles.get(p.name("RoleName", 64));
    }

    private IamInstanceProfile profile(IamParamsWire p) {
        return profiles.get(p.name("InstanceProfileName", 128));
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
        profile.role().flatMap(roles::find)
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
                Xml.el("AttachmentCount", roles.attachments(policy.arn())),
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
