package io.consulfactory.local.cloud.secretsmanager;

import io.consulfactory.local.cloud.AwsError;

/**
 * The Secrets Manager errors the local service answers with. Every code is one the API reference lists for the
 * operation (https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html and each
 * operation's "Errors" section), all with HTTP status 400 as the reference gives them. Where a message was seen in
 * captures of AWS's answers it is AWS's word for word and the capture is named; the others say "wording ours".
 */
public final class SecretsManagerErrors {

    private SecretsManagerErrors() {
    }

    /**
     * ResourceNotFoundException ("Secrets Manager can't find the resource that you asked for", GetSecretValue's API
     * reference); the message is the one AWS answers for an unknown SecretId.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
     */
    public static AwsError secretNotFound() {
        return AwsError.client("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    /**
     * A secret without a version carrying that label (GetSecretValue: "VersionStage ... defaults to AWSCURRENT").
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
     */
    public static AwsError noValueForStage(String stage) {
        return AwsError.client("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: " + stage);
    }

    /**
     * As {@link #noValueForStage}, for a VersionId the secret does not have.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
     */
    public static AwsError noValueForVersion(String versionId) {
        return AwsError.client("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
    }

    /**
     * InvalidRequestException, first cause the API reference gives: "The secret is scheduled for deletion." The
     * message is the one AWS answers GetSecretValue, PutSecretValue, TagResource... with for such a secret.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
     */
    public static AwsError markedForDeletion() {
        return AwsError.client("InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    /**
     * CreateSecret of a name whose secret is in its recovery window. Message as captured in many reports
     * (e.g. github.com/aws/copilot-cli/issues/655, github.com/redpanda-data/console/issues/1835).
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
     */
    public static AwsError nameScheduledForDeletion() {
        return AwsError.client("InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    /**
     * CreateSecret of a name that exists (with a new ClientRequestToken: the SDK and CLI send a fresh one per call).
     * Message as captured against AWS in github.com/getmoto/moto/issues/9700.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
     */
    public static AwsError secretExists(String name) {
        return AwsError.client("ResourceExistsException", "The operation failed because the secret " + name
                + " already exists.");
    }

    /**
     * A ClientRequestToken naming an existing version with another value: "the request fails because you cannot
     * modify an existing version" (CreateSecret / PutSecretValue API reference, ClientRequestToken). Wording ours.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
     */
    public static AwsError versionExists(String versionId) {
        return AwsError.client("ResourceExistsException", "A version with ClientRequestToken " + versionId
                + " already exists with a different value: you can't modify an existing version, only create a new one.");
    }

    /**
     * CreateSecret / PutSecretValue: "you can provide the secret value ... in either SecretString or SecretBinary but not both".
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
     */
    public static AwsError bothValues() {
        return AwsError.client("InvalidParameterException",
                "You can't specify both a binary secret value and a string secret value in the same secret.");
    }

    /**
     * PutSecretValue: "You must include SecretBinary or SecretString" (API reference). Wording ours.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
     */
    public static AwsError noValue() {
        return AwsError.client("InvalidParameterException",
                "You must provide either SecretString or SecretBinary.");
    }

    /**
     * A name outside {@code A-Za-z0-9/_+=.@-} (CreateSecret's API reference, Name). Message and code
     * (ValidationException) as captured in github.com/smithy-lang/smithy-typescript/issues/1546.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
     */
    public static AwsError invalidName() {
        return AwsError.client("ValidationException", "Invalid name. Must be a valid name containing alphanumeric"
                + " characters, or any of the following: -/_+=.@!");
    }

    /**
     * A member outside its length or range constraint in the service model (Name 1-512, SecretString up to 65536,
     * ClientRequestToken 32-64, MaxResults 1-100, RecoveryWindowInDays), in the shape AWS writes every model
     * constraint. The value itself is never echoed: it may be a secret.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
     */
    public static AwsError constraint(String member, String constraint) {
        return AwsError.client("ValidationException", "1 validation error detected: Value at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    /**
     * DeleteSecret: "You can't use both this parameter and RecoveryWindowInDays in the same call."
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
     */
    public static AwsError forceAndWindow() {
        return AwsError.client("InvalidParameterException",
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }

    /**
     * DeleteSecret: "This value can range from 7 to 30 days."
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
     */
    public static AwsError recoveryWindow() {
        return AwsError.client("InvalidParameterException",
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }

    /**
     * GetSecretValue with a VersionId and a VersionStage that does not label it. Wording ours.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
     */
    public static AwsError stageNotOnVersion() {
        return AwsError.client("InvalidRequestException",
                "You provided a VersionStage that is not associated to the provided VersionId.");
    }

    /**
     * ListSecrets: InvalidNextTokenException, "The NextToken value is invalid." (API reference).
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
     */
    public static AwsError invalidNextToken() {
        return AwsError.client("InvalidNextTokenException", "The NextToken value is invalid.");
    }

    /**
     * ListSecrets Filter Key: "Valid Values: description | name | tag-key | tag-value | primary-region | owning-service | all".
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html
     */
    public static AwsError invalidFilterKey(String key) {
        return constraint("filters.member.key", "Member must satisfy enum value set: [all, name, tag-key, description,"
                + " tag-value, primary-region, owning-service] (got " + key + ")");
    }

    /**
     * "Maximum number of tags per secret: 50" (TagResource's API reference). Wording ours.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_TagResource.html
     */
    public static AwsError tooManyTags() {
        return AwsError.client("InvalidParameterException", "A secret can have at most " + Secret.MAX_TAGS + " tags.");
    }

    /**
     * LimitExceededException: PutSecretValue's API reference warns that calling it more often than Secrets Manager
     * removes old versions (it keeps every version of the last 24 hours) reaches "the quota for secret versions".
     * Wording ours.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
     */
    public static AwsError tooManyVersions(String name) {
        return AwsError.client("LimitExceededException", "The secret " + name + " has reached the quota of "
                + Secret.MAX_VERSIONS + " versions: older versions without a staging label are removed after 24 hours.");
    }

    /**
     * The JSON protocol's answer for an X-Amz-Target the service does not have (as the SSM service answers).
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
     */
    public static AwsError unknownOperation(String action) {
        return AwsError.client("UnknownOperationException", "Unknown operation " + action);
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded Secrets Manager's quota (ThrottlingException, HTTP 400): https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("ThrottlingException", "The request was denied due to request throttling.");
    }

    /** Secrets Manager failed on its side (every operation's Errors: InternalServiceError, HTTP 500): https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html */
    public static AwsError internalServiceError() {
        return new AwsError(500, "InternalServiceError", "An error occurred on the server side.");
    }
}
