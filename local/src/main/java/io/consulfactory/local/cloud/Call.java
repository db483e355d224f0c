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

    /** "service:Operation" as the API names it (S3's ListObjectsV2, say): what a fault or a count is keyed by. */
    public String operation() {
        return service + ":" + action;
    }

    /**
     * "service:Action", the form IAM policies use. S3 authorizes some operations under other actions
     * (docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html): listing a bucket's objects is
     * s3:ListBucket, a HEAD of an object s3:GetObject, a multi-object delete s3:DeleteObject, and a copy s3:PutObject on
     * the target (and s3:GetObject on the source, which one action cannot say).
     */
    public String iamAction() {
        if (service.equals("s3")) {
            return "s3:" + switch (action) {
                case "ListObjectsV2", "ListObjects", "HeadBucket" -> "ListBucket";
                case "ListObjectVersions" -> "ListBucketVersions";
                case "HeadObject" -> "GetObject";
                case "DeleteObjects" -> "DeleteObject";
                case "CopyObject" -> "PutObject";
                default -> action;
            };
        }
        return service + ":" + action;
    }
}
