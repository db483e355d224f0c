package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The account's customer managed policies: state and the rules IAM enforces on it, apart from the wire
 * ({@link IamWire} parses and renders). Callers hold the local AWS's lock.
 *
 * <p>Kept from AWS: names unique in the account regardless of path and case; a document checked as IAM checks it
 * ({@link PolicyDocuments#check}, at most {@link IamErrors#MANAGED_POLICY_SIZE_QUOTA} characters without whitespace);
 * at most {@link IamErrors#VERSIONS_QUOTA} versions, ids never reused
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html); the default version
 * cannot be deleted, and a policy only with its default version left and attached to nothing
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html). Simplifications: AWS managed policies
 * ({@code arn:aws:iam::aws:policy/...}) are not held (attaching one is still allowed, see {@link Roles#attach}).
 */
final class ManagedPolicies {

    private final LocalAws aws;
    /** By lower-cased name. */
    private final Map<String, IamManagedPolicy> policies = new TreeMap<>();

    ManagedPolicies(LocalAws aws) {
        this.aws = aws;
    }

    IamManagedPolicy create(String name, String path, String document, String description, Map<String, String> tags) {
        String policyId = aws.newIamId("ANPA");
        Instant now = aws.clock().now();
        checkDocument(document);
        if (policies.containsKey(key(name))) {
            throw IamErrors.policyExists(name);
        }
        IamManagedPolicy policy = new IamManagedPolicy(name, path, policyId, description, now, now, tags,
                List.of(new IamManagedPolicy.Version("v1", document, now)), "v1", 2);
        policies.put(key(name), policy);
        return policy;
    }

    /** The policy at this ARN: same account, same path, same name. */
    IamManagedPolicy get(String arn) {
        IamManagedPolicy policy = policies.get(key(PolicyArn.parse(arn).name()));
        if (policy == null || !policy.arn().equals(arn)) {
            throw IamErrors.noSuchPolicy(arn);
        }
        return policy;
    }

    Optional<IamManagedPolicy> find(String arn) {
        IamManagedPolicy policy = PolicyArn.of(arn).map(p -> policies.get(key(p.name()))).orElse(null);
        return policy != null && policy.arn().equals(arn) ? Optional.of(policy) : Optional.empty();
    }

    IamManagedPolicy.Version version(String arn, String versionId) {
        return get(arn).version(versionId).orElseThrow(() -> IamErrors.noSuchPolicyVersion(arn, versionId));
    }

    IamManagedPolicy.Version createVersion(String arn, String document, boolean setAsDefault) {
        IamManagedPolicy policy = get(arn);
        Instant now = aws.clock().now();
        checkDocument(document);
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html: at most 5 versions.
        if (policy.versions().size() >= IamErrors.VERSIONS_QUOTA) {
            throw IamErrors.tooManyVersions();
        }
        IamManagedPolicy.Version version = new IamManagedPolicy.Version("v" + policy.nextVersion(), document, now);
        List<IamManagedPolicy.Version> versions = new ArrayList<>(policy.versions());
        versions.add(version);
        put(policy.withVersions(versions, setAsDefault ? version.versionId() : policy.defaultVersionId(),
                policy.nextVersion() + 1, now));
        return version;
    }

    void deleteVersion(String arn, String versionId) {
        IamManagedPolicy policy = get(arn);
        IamManagedPolicy.Version version = version(arn, versionId);
        if (version.versionId().equals(policy.defaultVersionId())) {
            throw IamErrors.deleteDefaultVersion();
        }
        List<IamManagedPolicy.Version> versions = new ArrayList<>(policy.versions());
        versions.remove(version);
        put(policy.withVersions(versions, policy.defaultVersionId(), policy.nextVersion(), policy.updateDate()));
    }

    /** @param attached whether a role has the policy attached */
    void delete(String arn, boolean attached) {
        IamManagedPolicy policy = get(arn);
        if (attached) {
            throw IamErrors.deleteAttachedPolicy();
        }
        if (policy.versions().size() > 1) {
            throw IamErrors.deletePolicyWithVersions();
        }
        policies.remove(key(policy.policyName()));
    }

    void tag(IamManagedPolicy policy, Map<String, String> tags) {
        put(policy.withTags(IamTags.merged(policy.tags(), tags)));
    }

    void untag(IamManagedPolicy policy, List<String> keys) {
        put(policy.withTags(IamTags.without(policy.tags(), keys)));
    }

    List<IamManagedPolicy> all() {
        return List.copyOf(policies.values());
    }

    void clear() {
        policies.clear();
    }

    private void put(IamManagedPolicy policy) {
        policies.put(key(policy.policyName()), policy);
    }

    private static void checkDocument(String document) {
        PolicyDocuments.check(document);
        if (PolicyDocuments.size(document) > IamErrors.MANAGED_POLICY_SIZE_QUOTA) {
            throw IamErrors.policyTooLarge();
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
