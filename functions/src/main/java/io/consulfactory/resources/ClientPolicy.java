package io.consulfactory.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.run;

/**
 * The managed policy {@code consul-<cluster>-client} under the factory's IAM path: what a Consul client of the
 * cluster needs ({@link Policies#clientPolicy}). The operator attaches it to the roles of their own instances; the
 * factory never attaches it to anything. Made once; when the document it should hold changed (a new release), a
 * new version becomes the default. A managed policy keeps at most 5 versions
 * (docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html), so at 5 the oldest version that is
 * not the default is deleted first.
 */
final class ClientPolicy {

    /** IAM's quota of versions per managed policy. */
    static final int MAX_VERSIONS = 5;

    /** IAM's version ids: v1, v2, ... (pattern v[1-9][0-9]*(\.[A-Za-z0-9-]*)?). */
    private static final java.util.regex.Pattern VERSION_ID = java.util.regex.Pattern.compile("v([1-9][0-9]{0,8})");

    private final IamClient iam;

    ClientPolicy(IamClient iam) {
        this.iam = iam;
    }

    /** @return the policy's ARN */
    String ensure(Policies.Scope scope, Map<String, String> tags) {
        String arn = scope.clientPolicyArn();
        JsonNode wanted = Policies.clientPolicy(scope);
        Optional<Policy> found = find(arn);
        if (found.isEmpty()) {
            try {
                return call("iam:CreatePolicy", () -> iam.createPolicy(r -> r
                        .policyName(scope.spec().clientPolicyName())
                        .path(ClusterSpec.IAM_PATH)
                        .description("Consul clients of cluster " + scope.spec().clusterName()
                                + ": cloud auto-join and the client secret (consul-cluster-factory)")
                        .policyDocument(Policies.text(wanted))
                        .tags(NodeRole.iamTags(tags)))).policy().arn();
            } catch (EntityAlreadyExistsException e) {
                // A retried step (or IAM's eventual consistency) raced us: converge what is there.
                found = find(arn);
                if (found.isEmpty()) {
                    throw e;
                }
            }
        }
        Policy policy = found.get();
        List<Tag> missing = NodeRole.missingTags(tags, policy.tags());
        if (!missing.isEmpty()) {
            run("iam:TagPolicy", () -> iam.tagPolicy(r -> r.policyArn(arn).tags(missing)));
        }
        String current = call("iam:GetPolicyVersion", () -> iam.getPolicyVersion(r -> r
                .policyArn(arn).versionId(policy.defaultVersionId()))).policyVersion().document();
        if (!Policies.fromIam(current).equals(wanted)) {
            newDefaultVersion(arn, wanted);
        }
        return arn;
    }

    /** The policy at the factory's ARN: only the factory's IAM path holds it, so it is the factory's own. */
    private Optional<Policy> find(String arn) {
        try {
            return Optional.of(call("iam:GetPolicy", () -> iam.getPolicy(r -> r.policyArn(arn))).policy());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private void newDefaultVersion(String arn, JsonNode wanted) {
        List<PolicyVersion> versions = call("iam:ListPolicyVersions", () -> iam.listPolicyVersions(r -> r.policyArn(arn))).versions();
        if (versions.size() >= MAX_VERSIONS) {
            versions.stream().filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion()))
                    .min(Comparator.comparing(PolicyVersion::createDate).thenComparing(v -> versionNumber(v.versionId())))
                    .ifPresent(oldest -> run("iam:DeletePolicyVersion", () -> iam.deletePolicyVersion(r -> r
                            .policyArn(arn).versionId(oldest.versionId()))));
        }
        run("iam:CreatePolicyVersion", () -> iam.createPolicyVersion(r -> r
                .policyArn(arn).policyDocument(Policies.text(wanted)).setAsDefault(true)));
    }

    /** v12 -> 12: versions made in the same second are ordered by number. */
    private static int versionNumber(String versionId) {
        java.util.regex.Matcher m = VERSION_ID.matcher(versionId);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
