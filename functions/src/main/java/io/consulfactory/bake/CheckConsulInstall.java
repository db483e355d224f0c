package io.consulfactory.bake;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.lambda.PollState;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Reads how the bake is going from the builder's state and console output:
 * stopped with an OK line for the wanted version is READY; a FAILED line, a wrong version, a builder that
 * stopped without any result line, or one that is gone, is FAILED; anything else is PENDING.
 */
public final class CheckConsulInstall {

    /**
     * Checks a stopped builder may go without a result line before that counts as a failure: a minute at
     * {@link #POLL_SECONDS}, for console output that is posted late (instances that are not Nitro-based).
     */
    static final int QUIET_CHECKS_ALLOWED = 4;

    /**
     * Seconds between checks while the builder boots and installs: the most the workflow can lag behind a
     * finished install. The first check comes later (the state machine's WaitForBuilderBoot), when an install
     * could first have finished.
     */
    public static final int POLL_SECONDS = 15;

    /** Seconds between checks once the builder has printed its result or is stopping: it stops within seconds. */
    public static final int SOON_SECONDS = 10;

    private final Ec2Client ec2;

    public CheckConsulInstall(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param maxChecks the poll loop's bound: a builder still PENDING at this check is FAILED (it hangs)
     */
    public InstallStatus check(ClusterSpec spec, Builder builder, InstallStatus previous, int maxChecks) {
        InstallStatus status = check(spec, builder, previous);
        if (status.status() == PollState.PENDING && status.checks() >= maxChecks) {
            return InstallStatus.failed("no bake result from builder " + builder.instanceId() + " after "
                    + status.checks() + " checks (" + status.reason() + "); the install hangs or is far too slow",
                    status.instanceState(), status.checks(), status.quietChecks());
        }
        return status;
    }

    private InstallStatus check(ClusterSpec spec, Builder builder, InstallStatus previous) {
        InstallStatus before = previous == null ? InstallStatus.first() : previous;
        int checks = before.checks() + 1;
        Optional<Instance> instance = describe(builder.instanceId());
        if (instance.isEmpty()) {
            // RunInstances is eventually consistent: a new id may be unknown to Describe for a while.
            return InstallStatus.pending("builder " + builder.instanceId() + " is not visible yet",
                    "unknown", checks, before.quietChecks(), POLL_SECONDS);
        }
        String state = instance.get().state().nameAsString();
        if (state.equals("terminated") || state.equals("shutting-down")) {
            return InstallStatus.failed("builder " + builder.instanceId() + " was terminated before"
                    + " it reported a result: " + instance.get().stateTransitionReason(), state, checks, before.quietChecks());
        }
        Optional<BakeResult> result = BakeResult.in(consoleOutput(builder.instanceId()));
        if (result.isPresent() && !result.get().ok()) {
            return InstallStatus.failed("the bake script failed on " + builder.instanceId() + ": "
                    + result.get().detail(), state, checks, before.quietChecks());
        }
        if (result.isPresent() && !result.get().detail().equals(spec.consulVersion())) {
            return InstallStatus.failed("the builder installed Consul " + result.get().detail()
                    + ", not " + spec.consulVersion(), state, checks, before.quietChecks());
        }
        if (!state.equals("stopped")) {
            boolean stoppingSoon = result.isPresent() || state.equals("stopping");
            return InstallStatus.pending(result.isPresent() ? "installed; waiting for the builder to stop"
                    : state.equals("pending") ? "booting" : "installing", state, checks, before.quietChecks(),
                    stoppingSoon ? SOON_SECONDS : POLL_SECONDS);
        }
        if (result.isPresent()) {
            return InstallStatus.ready("Consul " + result.get().detail() + " installed; builder stopped",
                    state, checks, before.quietChecks());
        }
        int quiet = before.quietChecks() + 1;
        if (quiet > QUIET_CHECKS_ALLOWED) {
            return InstallStatus.failed("builder " + builder.instanceId() + " stopped without printing"
                    + " a CONSUL_BAKE_RESULT line: the bake script did not finish (see its console output)", state, checks, quiet);
        }
        return InstallStatus.pending("stopped; waiting for the console output", state, checks, quiet, POLL_SECONDS);
    }

    private Optional<Instance> describe(String instanceId) {
        try {
            return call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
                    .reservations().stream().flatMap(r -> r.instances().stream()).findFirst();
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidInstanceID.NotFound")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String consoleOutput(String instanceId) {
        // Latest=true reads the live buffer (Nitro instances); without it AWS serves the copy taken at the
        // last state change, which for a stopped builder still holds everything up to the power-off.
        String encoded;
        try {
            encoded = call("ec2:GetConsoleOutput", () -> ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true))).output();
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "UnsupportedOperation")) {
                throw e;
            }
            encoded = call("ec2:GetConsoleOutput", () -> ec2.getConsoleOutput(r -> r.instanceId(instanceId))).output();
        }
        return encoded == null ? "" : new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
