package io.consulfactory.local.cloud.sts;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.Xml;

import java.util.List;

/** STS's query protocol: GetCallerIdentity's result, the only action kept; any other is {@code InvalidAction}. */
final class StsWire {

    Object handle(AwsRequest request) {
        if (!request.action().equals("GetCallerIdentity")) {
            throw StsErrors.invalidAction(request.action());
        }
        CallerIdentity identity = CallerIdentity.of(request.accessKeyId());
        return List.of(
                Xml.el("Arn", identity.arn()),
                Xml.el("UserId", identity.userId()),
                Xml.el("Account", identity.account()));
    }
}
