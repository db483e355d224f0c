package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsError;

/**
 * Every error the local IAM answers with: IAM's code, HTTP status and wording. Codes and statuses are those of
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and of each operation's Errors section
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html); the quotas are those of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.
 */
public final class IamErrors {

    /** Characters of a trust policy, whitespace not counted (IAM's role trust policy length quota). */
    static final int TRUST_POLICY_QUOTA = 2048;
    /** Characters of all of a role's inline policies together, whitespace not counted (IAM's role policy quota). */
    static final int INLINE_POLICIES_QUOTA = 10240;
    /** Managed policies attached to one role (IAM's PoliciesPerRole quota, default 10). */
    static final int ATTACHED_POLICIES_QUOTA = 10;
    /** Characters of a managed policy document, whitespace not counted (IAM's PolicySize quota). */
    static final int MANAGED_POLICY_SIZE_QUOTA = 6144;
    /** Versions a managed policy keeps at most (IAM's PolicyVersionsPerPolicy quota). */
    static final int VERSIONS_QUOTA = 5;

    private IamErrors() {
    }

    // ---- the request ----

    /** An action IAM does not have (here: one the local IAM does not emulate): https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html */
    public static AwsError invalidAction(String action) {
        return AwsError.client("InvalidAction", "The action " + action + " is not valid for this web service.");
    }

    /** A member that breaks its constraint, in IAM's words (member in camelCase): https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html */
    public static AwsError validationError(String param, String value, String constraint) {
        String member = Character.toLowerCase(param.charAt(0)) + param.substring(1);
        String shown = value == null ? "null" : "'" + value + "'";
        return AwsError.client("ValidationError", "1 validation error detected: Value " + shown + " at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    /** A Marker that is not one IAM handed out (the list operations' Marker): https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html */
    public static AwsError invalidMarker(String marker) {
        return AwsError.client("ValidationError", "Invalid Marker: " + marker);
    }

    /** Two tags whose keys differ only in case (tag keys are case-insensitive): https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html */
    public static AwsError duplicateTagKeys() {
        return AwsError.client("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }

    /** A policy document that is not JSON: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
    public static AwsError policyNotJson() {
        return AwsError.client("MalformedPolicyDocument", "This policy contains invalid Json");
    }

    /** A policy document without a known Version or with a statement that neither allows nor denies: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
    public static AwsError policySyntax() {
        return AwsError.client("MalformedPolicyDocument", "Syntax errors in policy.");
    }

    // ---- roles ----

    /** A role name already taken, in any case: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
    public static AwsError roleExists(String name) {
        return new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
    }

    /** No role of that name: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html */
    public static AwsError noSuchRole(String name) {
        return new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    /** A trust policy over the role trust policy length quota: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
    public static AwsError trustPolicyTooLarge() {
        return new AwsError(409, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_QUOTA);
    }

    /** A role still in an instance profile, or an instance profile still holding a role, cannot be deleted: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html */
    public static AwsError mustRemoveRolesFromInstanceProfile() {
        return new AwsError(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
    }

    /** A role with managed policies attached cannot be deleted: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html */
    public static AwsError mustDetachPolicies() {
        return new AwsError(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
    }

    /** A role with inline policies cannot be deleted: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html */
    public static AwsError mustDeleteInlinePolicies() {
        return new AwsError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
    }

    /** A role's inline policies over the role policy size quota: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
    public static AwsError inlinePoliciesTooLarge(String roleName) {
        return new AwsError(409, "LimitExceeded", "Maximum policy size of " + INLINE_POLICIES_QUOTA
                + " bytes exceeded for role " + roleName);
    }

    /** No inline policy of that name in the role: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html */
    public static AwsError noSuchRolePolicy(String name) {
        return new AwsError(404, "NoSuchEntity", "The role policy with name " + name + " cannot be found.");
    }

    /** More managed policies than a role may have attached: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
    public static AwsError tooManyAttachedPolicies() {
        return new AwsError(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: " + ATTACHED_POLICIES_QUOTA);
    }

    // ---- instance profiles ----

    /** An instance profile name already taken, in any case: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html */
    public static AwsError instanceProfileExists(String name) {
        return new AwsError(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
    }

    /** No instance profile of that name: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html */
    public static AwsError noSuchInstanceProfile(String name) {
        return new AwsError(404, "NoSuchEntity", "Instance Profile " + name + " cannot be found.");
    }

    /** An instance profile holds one role, a fixed quota (answered even for the same role again): https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html */
    public static AwsError instanceProfileFull() {
        return new AwsError(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
    }

    // ---- managed policies ----

    /** No policy at that ARN (or none attached to the role at it): https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html */
    public static AwsError noSuchPolicy(String arn) {
        return new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
    }

    /** No such version of the policy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html */
    public static AwsError noSuchPolicyVersion(String arn, String versionId) {
        return new AwsError(404, "NoSuchEntity", "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    /** A managed policy name already taken in the account, whatever the path or case: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html */
    public static AwsError policyExists(String name) {
        return new AwsError(409, "EntityAlreadyExists", "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    /** A sixth version of a managed policy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html */
    public static AwsError tooManyVersions() {
        return new AwsError(409, "LimitExceeded", "A managed policy can have up to " + VERSIONS_QUOTA + " versions. Before you"
                + " create a new version, you must delete an existing version.");
    }

    /** A managed policy document over the PolicySize quota: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
    public static AwsError policyTooLarge() {
        return new AwsError(409, "LimitExceeded", "Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE_QUOTA);
    }

    /** The default version cannot be deleted: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html */
    public static AwsError deleteDefaultVersion() {
        return new AwsError(409, "DeleteConflict", "Cannot delete the default version of a policy.");
    }

    /** A policy is deleted only with its default version left: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html */
    public static AwsError deletePolicyWithVersions() {
        return new AwsError(409, "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must"
                + " delete the policy's versions. The default version is deleted with the policy.");
    }

    /** A policy is deleted only when attached to nothing: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html */
    public static AwsError deleteAttachedPolicy() {
        return new AwsError(409, "DeleteConflict", "Cannot delete a policy attached to entities.");
    }

    /** A string that is not a policy ARN: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html */
    public static AwsError invalidArn(String arn) {
        return AwsError.client("InvalidInput", "ARN " + arn + " is not valid.");
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded IAM's API quota: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("Throttling", "Rate exceeded");
    }

    /** IAM failed on its side (each operation's Errors: ServiceFailure, HTTP 500): https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
    public static AwsError serviceFailure() {
        return new AwsError(500, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.");
    }
}
