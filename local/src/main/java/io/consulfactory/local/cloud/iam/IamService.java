package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

/** Placeholder: being written. */
public final class IamService implements LocalService {

    private final LocalAws aws;

    public IamService(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "https://iam.amazonaws.com/doc/2010-05-08/";
    }

    @Override
    public Object handle(AwsRequest request) {
        throw AwsError.client("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
    }

    @Override
    public void reset() {
    }
}
