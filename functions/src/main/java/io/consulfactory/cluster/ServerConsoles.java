package io.consulfactory.cluster;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Reads what a server last said about Consul from its serial console: {@code GetConsoleOutput} with
 * {@code Latest=true}, the live buffer (the last 64 KB), which only Nitro instances serve — hence the Nitro
 * rule on {@code instanceType} (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html).
 */
final class ServerConsoles {

    /**
     * A status line this much older than the console's own timestamp is stale: the reporter prints every
     * 30 s, so three missed lines mean the server (or its reporter) is not well.
     */
    static final int FRESH_SECONDS = 90;

    /** A console read: the reports on it and when EC2 captured it. */
    record Read(ServerReport.Console reports, Instant capturedAt) {

        /** The newest report, if it is recent (an OK join line counts until it is stale too). */
        Optional<ServerReport> fresh() {
            return reports.latest().filter(r -> r.at() != null && capturedAt != null
                    && !r.at().isBefore(capturedAt.minusSeconds(FRESH_SECONDS)));
        }
    }

    private final Ec2Client ec2;

    ServerConsoles(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    Read read(String instanceId) {
        GetConsoleOutputResponse response;
        try {
            response = call("ec2:GetConsoleOutput", () -> ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)));
        } catch (AwsServiceException e) {
            // A server Auto Scaling just launched may not be visible to EC2's API yet (eventual consistency).
            if (AwsErrors.hasCode(e, "InvalidInstanceID.NotFound")) {
                return new Read(ServerReport.read(""), null);
            }
            throw e;
        }
        String text = response.output() == null ? "" : new String(Base64.getMimeDecoder().decode(response.output()), StandardCharsets.UTF_8);
        return new Read(ServerReport.read(text), response.timestamp());
    }
}
