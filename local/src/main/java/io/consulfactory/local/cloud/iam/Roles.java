package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The account's roles, their inline and attached policies and tags: state and the rules IAM enforces on it.
 * Callers hold the local AWS's lock.
 *
 * <p>Kept from AWS: role names unique regardless of case, and found regardless of case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names); a trust
 * policy of at most {@link IamErrors#TRUST_POLICY_QUOTA} characters, inline policies of at most
 * {@link IamErrors#INLINE_POLICIES_QUOTA} together, at most {@link IamErrors#ATTACHED_POLICIES_QUOTA} managed policies
 * attached (whitespace not counted, the same page); a role is deleted only once it is in no instance profile and has
 * no policies (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html). Simplification: any
 * well-formed managed policy ARN can be attached, AWS managed or not, held here or not.
 */
final class Roles {

    /** The MaxSessionDuration of a role made without one (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
    static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    private final LocalAws aws;
    /** By lower-cased name: IAM names are case-insensitive. Sorted, as IAM lists them. */
    private final Map<String, IamRole> roles = new TreeMap<>();

    Roles(LocalAws aws) {
        this.aws = aws;
    }

    Optional<IamRole> find(String name) {
        return Optional.ofNullable(roles.get(key(name)));
    }

    IamRole get(String name) {
        IamRole role = roles.get(key(name));
        if (role == null) {
            throw IamErrors.noSuchRole(name);
        }
        return role;
    }

    /** The roles whose path starts with the prefix, sorted by name. */
    List<IamRole> withPathPrefix(String prefix) {
        return roles.values().stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Throws {@code MalformedPolicyDocument} or {@code LimitExceeded} for a trust policy IAM would refuse. */
    static void checkTrustPolicy(String document) {
        PolicyDocuments.check(document);
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: role trust policy length.
        if (PolicyDocuments.size(document) > IamErrors.TRUST_POLICY_QUOTA) {
            throw IamErrors.trustPolicyTooLarge();
        }
    }

    /** A new role; the trust policy is checked by {@link #checkTrustPolicy} before (IAM checks it before the name). */
    IamRole create(String name, String path, String trustPolicy, String description, int maxSessionDuration,
                   Map<String, String> tags) {
        if (roles.containsKey(key(name))) {
            throw IamErrors.roleExists(name);
        }
        IamRole role = new IamRole(name, path, aws.newIamId("AROA"), aws.clock().now(), trustPolicy, description,
                maxSessionDuration, tags, Map.of(), Map.of());
        put(role);
        return role;
    }

    /** @param inInstanceProfile whether an instance profile holds the role */
    void delete(IamRole role, boolean inInstanceProfile) {
        if (inInstanceProfile) {
            throw IamErrors.mustRemoveRolesFromInstanceProfile();
        }
        if (!role.attachedPolicies().isEmpty()) {
            throw IamErrors.mustDetachPolicies();
        }
        if (!role.inlinePolicies().isEmpty()) {
            throw IamErrors.mustDeleteInlinePolicies();
        }
        roles.remove(key(role.roleName()));
    }

    void update(IamRole role, String description, int maxSessionDuration) {
        put(role.withSettings(description, maxSessionDuration));
    }

    void updateTrustPolicy(IamRole role, String document) {
        checkTrustPolicy(document);
        put(role.withAssumeRolePolicyDocument(document));
    }

    void tag(IamRole role, Map<String, String> tags) {
        put(role.withTags(IamTags.merged(role.tags(), tags)));
    }

    void untag(IamRole role, List<String> keys) {
        put(role.withTags(IamTags.without(role.tags(), keys)));
    }

    // ---- inline policies ----

    void putPolicy(IamRole role, String policyName, String document) {
        PolicyDocuments.check(document);
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.put(policyName, document);
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: all of a role's inline policies together.
        int total = policies.values().stream().mapToInt(PolicyDocuments::size).sum();
        if (total > IamErrors.INLINE_POLICIES_QUOTA) {
            throw IamErrors.inlinePoliciesTooLarge(role.roleName());
        }
        put(role.withInlinePolicies(policies));
    }

    /** The inline policy's document, as it was sent. */
    String policy(IamRole role, String policyName) {
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw IamErrors.noSuchRolePolicy(policyName);
        }
        return document;
    }

    void deletePolicy(IamRole role, String policyName) {
        if (!role.inlinePolicies().containsKey(policyName)) {
            throw IamErrors.noSuchRolePolicy(policyName);
        }
        Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
        policies.remove(policyName);
        put(role.withInlinePolicies(policies));
    }

    // ---- attached managed policies ----

    void attach(IamRole role, PolicyArn policy) {
        Map<String, String> attached = new LinkedHashMap<>(role.attachedPolicies());
        attached.put(policy.arn(), policy.name());
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: 10 managed policies per role (the default).
        if (attached.size() > IamErrors.ATTACHED_POLICIES_QUOTA) {
            throw IamErrors.tooManyAttachedPolicies();
        }
        put(role.withAttachedPolicies(attached));
    }

    void detach(IamRole role, String arn) {
        if (!role.attachedPolicies().containsKey(arn)) {
            throw IamErrors.noSuchPolicy(arn);
        }
        Map<String, String> attached = new LinkedHashMap<>(role.attachedPolicies());
        attached.remove(arn);
        put(role.withAttachedPolicies(attached));
    }

    /** The role's attached policies whose path starts with the prefix, in the order they were attached. */
    List<PolicyArn> attached(IamRole role, String pathPrefix) {
        return role.attachedPolicies().keySet().stream()
                .flatMap(arn -> PolicyArn.of(arn).stream())
                .filter(policy -> policy.path().startsWith(pathPrefix))
                .toList();
    }

    /** How many roles have the policy attached (IAM's AttachmentCount, roles being all this IAM holds). */
    long attachments(String arn) {
        return roles.values().stream().filter(r -> r.attachedPolicies().containsKey(arn)).count();
    }

    void clear() {
        roles.clear();
    }

    private void put(IamRole role) {
        roles.put(key(role.roleName()), role);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
