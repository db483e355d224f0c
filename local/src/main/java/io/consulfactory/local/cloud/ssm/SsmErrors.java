package io.consulfactory.local.cloud.ssm;

import io.consulfactory.local.cloud.AwsError;

/**
 * Every error the local Parameter Store answers with: SSM's code, HTTP status and wording, as the Errors section of
 * each operation's API reference lists them (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Operations.html)
 * and https://docs.aws.amazon.com/systems-manager/latest/APIReference/CommonErrors.html.
 */
public final class SsmErrors {

    /** Characters of a Standard tier parameter's value (4 KB). */
    static final int STANDARD_VALUE_QUOTA = 4096;
    /** Tags on one resource. */
    static final int TAGS_QUOTA = 50;

    private SsmErrors() {
    }

    /** An operation the JSON protocol's target does not name (here: one the local SSM does not emulate): https://docs.aws.amazon.com/systems-manager/latest/APIReference/CommonErrors.html */
    public static AwsError unknownOperation(String action) {
        return new AwsError(400, "UnknownOperationException", "Unknown operation " + action);
    }

    /** GetParameter without a Name: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
    public static AwsError nameMissing() {
        return AwsError.client("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy"
                + " constraint: Member must not be null");
    }

    /** PutParameter without a fully qualified name or without a Value: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html */
    public static AwsError nameAndValueRequired() {
        return AwsError.client("ValidationException", "Parameter name must start with / and a Value is required");
    }

    /** A name under the reserved prefix {@code /aws/}, which the account cannot write: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html */
    public static AwsError reservedName(String name) {
        return AwsError.client("AccessDeniedException", "No access to reserved parameter name: " + name + ".");
    }

    /** A value over the Standard tier's 4 KB: https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html */
    public static AwsError valueTooLong() {
        return AwsError.client("ValidationException", "Standard tier parameters support a maximum parameter value of "
                + STANDARD_VALUE_QUOTA + " characters.");
    }

    /** PutParameter on an existing name without Overwrite: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html */
    public static AwsError parameterAlreadyExists() {
        return AwsError.client("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the"
                + " overwrite option in the request to true.");
    }

    /** No parameter of that name: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
    public static AwsError parameterNotFound(String name) {
        return AwsError.client("ParameterNotFound", "Parameter " + name + " not found.");
    }

    /** A ResourceType other than those kept (here: Parameter only): https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html */
    public static AwsError invalidResourceType() {
        return AwsError.client("InvalidResourceType", "The resource type isn't valid. For example, if you are attempting"
                + " to tag an EC2 instance, the instance must be a registered managed node.");
    }

    /** A ResourceId naming no parameter of the account: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html */
    public static AwsError invalidResourceId() {
        return AwsError.client("InvalidResourceId", "The resource ID isn't valid. Verify that you entered the correct ID"
                + " and try again.");
    }

    /** More than 50 tags on one resource: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html */
    public static AwsError tooManyTags() {
        return AwsError.client("TooManyTagsError", "The Targets parameter includes too many tags. Remove one or more tags"
                + " and try the command again.");
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded Parameter Store's throughput: https://docs.aws.amazon.com/systems-manager/latest/APIReference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("ThrottlingException", "Rate exceeded");
    }

    /** SSM failed on its side (every operation's Errors: InternalServerError, HTTP 500): https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
    public static AwsError internalServerError() {
        return new AwsError(500, "InternalServerError", "An internal server error occurred");
    }
}
