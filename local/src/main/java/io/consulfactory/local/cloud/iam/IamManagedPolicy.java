package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer managed policy as the local IAM holds it: immutable, replaced on every change. Its versions are kept
 * in the order they were made; exactly one of them is the default, the one in effect.
 *
 * @param nextVersion the number of the next version made: IAM never reuses a version id, even after a delete
 */
public record IamManagedPolicy(String policyName, String path, String policyId, String description, Instant createDate,
                               Instant updateDate, Map<String, String> tags, List<Version> versions,
                               String defaultVersionId, int nextVersion) {

    /** One version: its id ({@code v1}, {@code v2}, ...), its document exactly as sent, and when it was made. */
    public record Version(String versionId, String document, Instant createDate) {
    }

    public IamManagedPolicy {
        tags = IamRole.frozen(tags);
        versions = List.copyOf(versions);
    }

    public String arn() {
        return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":policy" + path + policyName;
    }

    public Optional<Version> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    /** The document in effect. */
    public String defaultDocument() {
        return version(defaultVersionId).orElseThrow().document();
    }

    IamManagedPolicy withVersions(List<Version> newVersions, String newDefault, int newNext, Instant now) {
        return new IamManagedPolicy(policyName, path, policyId, description, createDate, now, tags, newVersions, newDefault,
                newNext);
    }

    IamManagedPolicy withTags(Map<String, String> newTags) {
        return new IamManagedPolicy(policyName, path, policyId, description, createDate, updateDate, newTags, versions,
                defaultVersionId, nextVersion);
    }
}
