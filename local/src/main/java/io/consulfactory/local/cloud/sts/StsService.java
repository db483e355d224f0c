package io.consulfactory.local.cloud.sts;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

/** STS's doorway: the service's names, and each request handed to {@link StsWire}. It keeps no state to reset. */
public final class StsService implements LocalService {

    private final StsWire wire = new StsWire();

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
        return wire.handle(request);
    }

    @Override
    public void reset() {
    }
}
