package io.consulfactory.local.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * One request the local AWS received.
 *
 * @param service     the signing name from the SigV4 credential scope: ec2, iam, sts, autoscaling, ssm, states
 * @param action      the API action, e.g. {@code CreateSecurityGroup}
 * @param accessKeyId the caller's access key id, from the credential scope
 * @param params      query parameters (query protocols) or top-level JSON fields rendered as text (JSON protocol)
 * @param errorCode   the AWS error code answered, or {@code null} when the call succeeded
 */
public record Call(Instant at, String service, String action, String accessKeyId, Map<String, String> params,
                   String errorCode) {

    public boolean succeeded() {
        return errorCode == null;
    }

    /** Whether the action creates, changes or deletes something (by AWS's naming of actions). */
    public boolean mutates() {
        return !action.matches("(Describe|Get|List|Head).*");
    }

    /** "service:Action", the form IAM policies use. */
    public String iamAction() {
        return service + ":" + action;
    }
}
