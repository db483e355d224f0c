package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

/** Placeholder: being written. */
public final class Ec2Service implements LocalService {

    private final LocalAws aws;

    public Ec2Service(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public Protocol protocol() {
        return Protocol.EC2_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "http://ec2.amazonaws.com/doc/2016-11-15/";
    }

    @Override
    public Object handle(AwsRequest request) {
        throw AwsError.client("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
    }

    @Override
    public void reset() {
    }
}
