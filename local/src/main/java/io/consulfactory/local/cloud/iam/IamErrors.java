package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsError;

/**
 * The local IAM's errors for managed policies, with IAM's codes, statuses and wording (the API reference's Errors
 * section of CreatePolicy, CreatePolicyVersion, DeletePolicy, DeletePolicyVersion, GetPolicy, GetPolicyVersion).
 */
final class IamErrors {

    /** Characters of a managed policy document, whitespace not counted (IAM's PolicySize quota). */
    static final int MANAGED_POLICY_SIZE_QUOTA = 6144;
    /** Versions a managed policy keeps at most (IAM's PolicyVersionsPerPolicy quota). */
    static final int VERSIONS_QUOTA = 5;

    private IamErrors() {
    }

    static AwsError noSuchPolicy(String arn) {
        return new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
    }

    static AwsError noSuchPolicyVersion(String arn, String versionId) {
        return new AwsError(404, "NoSuchEntity", "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    static AwsError policyExists(String name) {
        return new AwsError(409, "EntityAlreadyExists", "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    static AwsError tooManyVersions() {
        return new AwsError(409, "LimitExceeded", "A managed policy can have up to " + VERSIONS_QUOTA + " versions. Before you"
                + " create a new version, you must delete an existing version.");
    }

    static AwsError policyTooLarge() {
        return new AwsError(409, "LimitExceeded", "Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE_QUOTA);
    }

    static AwsError deleteDefaultVersion() {
        return new AwsError(409, "DeleteConflict", "Cannot delete the default version of a policy.");
    }

    static AwsError deletePolicyWithVersions() {
        return new AwsError(409, "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must"
                + " delete the policy's versions. The default version is deleted with the policy.");
    }

    static AwsError deleteAttachedPolicy() {
        return new AwsError(409, "DeleteConflict", "Cannot delete a policy attached to entities.");
    }

    static AwsError invalidArn(String arn) {
        return AwsError.client("InvalidInput", "ARN " + arn + " is not valid.");
    }
}
