package io.consulfactory.resources;

import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.run;

/**
 * The servers' IAM role (trusted by EC2, allowed only {@code ec2:DescribeInstances}, reading the cluster's client and
 * server secrets, and putting and getting its snapshots) and the instance profile that carries it. Found by name under the factory's IAM path; made when missing; repaired
 * (trust policy, permission, tags, profile membership) when it drifted.
 */
final class NodeRole {

    record Made(String roleName, String roleArn, String instanceProfileName, String instanceProfileArn) {
    }

    private final IamClient iam;

    NodeRole(IamClient iam) {
        this.iam = iam;
    }

    /**
     * @param region         the region the cluster's secrets are in: the functions' own
     * @param snapshotBucket the stack's snapshot bucket: the servers may put and get their cluster's prefix of it
     */
    Made ensure(ClusterSpec spec, Map<String, String> tags, String region, String snapshotBucket) {
        String name = spec.nodeRoleName();
        Role role = ensureRole(name, tags);
        // The role's ARN names the partition and account the secrets' ARNs need.
        ensurePermission(name, Policies.nodePolicy(Policies.Scope.of(role.arn(), region, spec), snapshotBucket));
        InstanceProfile profile = ensureInstanceProfile(name, tags);
        ensureRoleInProfile(profile, name);
        return new Made(role.roleName(), role.arn(), profile.instanceProfileName(), profile.arn());
    }

    private Role ensureRole(String name, Map<String, String> tags) {
        Optional<Role> found = findRole(name);
        if (found.isEmpty()) {
            try {
                return call("iam:CreateRole", () -> iam.createRole(r -> r
                        .roleName(name)
                        .path(ClusterSpec.IAM_PATH)
                        .description("Consul servers: cloud auto-join reads EC2 instance tags")
                        .assumeRolePolicyDocument(Policies.text(Policies.trustPolicy()))
                        .tags(iamTags(tags)))).role();
            } catch (EntityAlreadyExistsException e) {
                // A retried step (or IAM's eventual consistency) raced us: use what is there.
                found = findRole(name);
                if (found.isEmpty()) {
                    throw e;
                }
            }
        }
        Role role = found.get();
        requireOurs("IAM role", name, role.path());
        if (!Policies.fromIam(role.assumeRolePolicyDocument()).equals(Policies.trustPolicy())) {
            run("iam:UpdateAssumeRolePolicy", () -> iam.updateAssumeRolePolicy(r -> r
                    .roleName(name).policyDocument(Policies.text(Policies.trustPolicy()))));
        }
        List<Tag> missing = missingTags(tags, role.tags());
        if (!missing.isEmpty()) {
            run("iam:TagRole", () -> iam.tagRole(r -> r.roleName(name).tags(missing)));
        }
        return role;
    }

    private Optional<Role> findRole(String name) {
        try {
            return Optional.of(call("iam:GetRole", () -> iam.getRole(r -> r.roleName(name)).role()));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /** Restores the inline policy when it is missing or drifted; a role made by an earlier release gains the secrets so. */
    private void ensurePermission(String roleName, com.fasterxml.jackson.databind.JsonNode wanted) {
        String current;
        try {
            current = call("iam:GetRolePolicy", () -> iam.getRolePolicy(r -> r
                    .roleName(roleName).policyName(Policies.AUTO_JOIN_POLICY_NAME)).policyDocument());
        } catch (NoSuchEntityException e) {
            current = null;
        }
        if (current == null || !Policies.fromIam(current).equals(wanted)) {
            run("iam:PutRolePolicy", () -> iam.putRolePolicy(r -> r
                    .roleName(roleName)
                    .policyName(Policies.AUTO_JOIN_POLICY_NAME)
                    .policyDocument(Policies.text(wanted))));
        }
    }

    private InstanceProfile ensureInstanceProfile(String name, Map<String, String> tags) {
        Optional<InstanceProfile> found = findInstanceProfile(name);
        if (found.isEmpty()) {
            try {
                return call("iam:CreateInstanceProfile", () -> iam.createInstanceProfile(r -> r
                        .instanceProfileName(name)
                        .path(ClusterSpec.IAM_PATH)
                        .tags(iamTags(tags)))).instanceProfile();
            } catch (EntityAlreadyExistsException e) {
                found = findInstanceProfile(name);
                if (found.isEmpty()) {
                    throw e;
                }
            }
        }
        InstanceProfile profile = found.get();
        requireOurs("IAM instance profile", name, profile.path());
        List<Tag> missing = missingTags(tags, profile.tags());
        if (!missing.isEmpty()) {
            run("iam:TagInstanceProfile", () -> iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(missing)));
        }
        return profile;
    }

    private Optional<InstanceProfile> findInstanceProfile(String name) {
        try {
            return Optional.of(call("iam:GetInstanceProfile",
                    () -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile()));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private void ensureRoleInProfile(InstanceProfile profile, String roleName) {
        String profileName = profile.instanceProfileName();
        if (profile.roles().stream().anyMatch(r -> r.roleName().equals(roleName))) {
            return;
        }
        // A profile holds at most one role: another one in ours is drift, replaced by the node role.
        for (Role other : profile.roles()) {
            run("iam:RemoveRoleFromInstanceProfile", () -> iam.removeRoleFromInstanceProfile(r -> r
                    .instanceProfileName(profileName).roleName(other.roleName())));
        }
        try {
            run("iam:AddRoleToInstanceProfile", () -> iam.addRoleToInstanceProfile(r -> r
                    .instanceProfileName(profileName).roleName(roleName)));
        } catch (LimitExceededException e) {
            // Only possible when a concurrent run added the role a moment ago: check, don't guess.
            boolean holdsRole = findInstanceProfile(profileName).map(p -> p.roles().stream()
                    .anyMatch(r -> r.roleName().equals(roleName))).orElse(false);
            if (!holdsRole) {
                throw e;
            }
        }
    }

    /** A same-named role outside the factory's path belongs to someone else: never take it over. */
    private static void requireOurs(String kind, String name, String path) {
        if (!ClusterSpec.IAM_PATH.equals(path)) {
            throw new ResourceConflictException(kind + " '" + name + "' already exists under path '" + path
                    + "', not under " + ClusterSpec.IAM_PATH + ", so it was not made by the factory. Choose another"
                    + " clusterName or remove that " + kind + ".");
        }
    }

    static List<Tag> iamTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static List<Tag> missingTags(Map<String, String> wanted, List<Tag> present) {
        return iamTags(wanted).stream().filter(t -> !present.contains(t)).toList();
    }
}
