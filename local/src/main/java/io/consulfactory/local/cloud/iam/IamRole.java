package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IAM role as the local IAM holds it: immutable, replaced on every change, so it can be handed to
 * tests and other services as is.
 *
 * @param assumeRolePolicyDocument the trust policy exactly as it was sent (not URL-encoded)
 * @param inlinePolicies           inline policy name to document, as sent
 * @param attachedPolicies         managed policy ARN to policy name
 */
public record IamRole(String roleName, String path, String roleId, Instant createDate,
                      String assumeRolePolicyDocument, String description, int maxSessionDuration,
                      Map<String, String> tags, Map<String, String> inlinePolicies,
                      Map<String, String> attachedPolicies) {

    public IamRole {
        tags = frozen(tags);
        inlinePolicies = frozen(inlinePolicies);
        attachedPolicies = frozen(attachedPolicies);
    }

    public String arn() {
        return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role" + path + roleName;
    }

    IamRole withAssumeRolePolicyDocument(String document) {
        return new IamRole(roleName, path, roleId, createDate, document, description, maxSessionDuration, tags,
                inlinePolicies, attachedPolicies);
    }

    IamRole withSettings(String newDescription, int newMaxSessionDuration) {
        return new IamRole(roleName, path, roleId, createDate, assumeRolePolicyDocument, newDescription,
                newMaxSessionDuration, tags, inlinePolicies, attachedPolicies);
    }

    IamRole withTags(Map<String, String> newTags) {
        return new IamRole(roleName, path, roleId, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, newTags, inlinePolicies, attachedPolicies);
    }

    IamRole withInlinePolicies(Map<String, String> policies) {
        return new IamRole(roleName, path, roleId, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, tags, policies, attachedPolicies);
    }

    IamRole withAttachedPolicies(Map<String, String> policies) {
        return new IamRole(roleName, path, roleId, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, tags, inlinePolicies, policies);
    }

    /** An unmodifiable copy that keeps insertion order (IAM lists tags and policies in the order given). */
    static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
