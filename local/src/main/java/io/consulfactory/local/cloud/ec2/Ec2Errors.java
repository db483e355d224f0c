package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;

/**
 * The EC2 errors the local EC2 answers with: AWS's code, HTTP status and message, each citing the page it follows.
 * Codes are those of https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (client errors are
 * HTTP 400 unless that page or the operation's reference says otherwise).
 */
public final class Ec2Errors {

    private Ec2Errors() {
    }

    // ---- instances, images, launch templates, instance types, capacity (helper ec2a) ----

    // ---- security groups, network, tags, filters, the doorway (helper ec2b) ----
}
