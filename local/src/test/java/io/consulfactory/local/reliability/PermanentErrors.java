package io.consulfactory.local.reliability;

import io.consulfactory.local.cloud.AwsError;

import java.util.Map;

/**
 * For each operation, the permanent error AWS answers it with when something is wrong that no retry mends:
 * a capacity shortage, a quota, an image that is gone, or (for any operation) a policy that does not allow
 * it. Codes and statuses are AWS's; the messages follow AWS's wording (account ids, names are the local ones).
 */
final class PermanentErrors {

    private static final Map<String, AwsError> SPECIFIC = Map.of(
            "ec2:RunInstances", new AwsError(500, "InsufficientInstanceCapacity", "We currently do not have sufficient"
                    + " t3.small capacity in the Availability Zone you requested (us-east-1a). Our system will be working"
                    + " on provisioning additional capacity."),
            "ec2:DescribeImages", new AwsError(400, "InvalidAMIID.NotFound", "The image id '[ami-0a0e5d9c7acc336f1]' does not exist"),
            "ec2:CreateSecurityGroup", new AwsError(400, "SecurityGroupLimitExceeded",
                    "The maximum number of security groups has been reached."),
            "iam:CreateRole", new AwsError(409, "LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000"),
            "iam:CreateInstanceProfile", new AwsError(409, "LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: 1000"),
            "autoscaling:CreateAutoScalingGroup", new AwsError(400, "LimitExceeded",
                    "You have reached the limit of 500 Auto Scaling groups for this account."),
            "ssm:PutParameter", new AwsError(400, "ParameterLimitExceeded",
                    "You have exceeded the number of parameters for this AWS account. Delete unnecessary parameters and try again."));

    private PermanentErrors() {
    }

    static AwsError of(String operation) {
        AwsError specific = SPECIFIC.get(operation);
        if (specific != null) {
            return specific;
        }
        String service = operation.substring(0, operation.indexOf(':'));
        String denied = "User: arn:aws:sts::123456789012:assumed-role/consul-factory-function/handler is not authorized"
                + " to perform: " + operation + " because no identity-based policy allows the " + operation + " action";
        return switch (service) {
            case "ec2" -> new AwsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
            case "ssm" -> new AwsError(400, "AccessDeniedException", denied);
            default -> new AwsError(403, "AccessDenied", denied);
        };
    }
}
