package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsRequest;

/**
 * The wire of the doorway ({@link Ec2Service}) itself: the {@code DryRun} parameter every EC2 action takes.
 */
final class Ec2Wire {

    private Ec2Wire() {
    }

    /**
     * {@code DryRun=true}: AWS checks the caller's permission and does nothing, answering {@code DryRunOperation}
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). The local AWS grants everything
     * (it does not evaluate IAM policies), so a dry run always "would have succeeded".
     */
    static void refuseDryRun(AwsRequest request) {
        if ("true".equals(request.params().get("DryRun"))) {
            throw Ec2Errors.dryRunOperation();
        }
    }
}
