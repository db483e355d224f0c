package io.consulfactory.local.cloud.sts;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.Xml;

import java.util.List;

/** STS: only {@code GetCallerIdentity}, answering for the local account. */
public final class StsService implements LocalService {

    public StsService(LocalAws aws) {
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    public Object handle(AwsRequest request) {
        if (!request.action().equals("GetCallerIdentity")) {
            throw AwsError.client("InvalidAction", "Could not find operation " + request.action() + " for version 2011-06-15");
        }
        // Simplification: every access key belongs to one IAM user of the local account.
        return List.of(
                Xml.el("Arn", "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local"),
                Xml.el("UserId", request.accessKeyId()),
                Xml.el("Account", LocalAws.ACCOUNT_ID));
    }

    @Override
    public void reset() {
    }
}
