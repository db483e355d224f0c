package io.consulfactory.local.cloud.sts;

import io.consulfactory.local.cloud.LocalAws;

/**
 * Who signed a request, as GetCallerIdentity answers it
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
record CallerIdentity(String arn, String userId, String account) {

    /** Simplification: every access key belongs to one IAM user of the local account, {@code local}. */
    static CallerIdentity of(String accessKeyId) {
        return new CallerIdentity("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local", accessKeyId, LocalAws.ACCOUNT_ID);
    }
}
