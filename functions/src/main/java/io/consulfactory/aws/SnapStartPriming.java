package io.consulfactory.aws;

import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.spec.ClusterSpecParser;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.List;

/**
 * Primes a function before Lambda SnapStart snapshots it (when a version is published): one harmless read per
 * SDK client the function uses, so the snapshot already holds the SDK's whole request path loaded and
 * compiled (endpoint rules, credentials, signing, marshalling, the HTTP client, response and error parsing).
 * A function restored from it serves its first invocation without that cost.
 *
 * <p>Each read is an action the function's policy grants (TemplateTest checks it), names nothing the factory
 * makes or reads a public parameter, and its outcome is ignored: an AWS error primes the error path just as
 * well. The connections a read opens do not survive the snapshot; after a restore the first call finds its
 * kept-alive connection closed and the SDK retries it on a new one.
 *
 * <p>Registered with {@code org.crac}'s global context, which Lambda's Java runtime calls before the
 * snapshot; on a JVM without CRaC nothing calls it.
 */
public final class SnapStartPriming implements Resource {

    /** Something with this name is never made by the factory: priming reads find nothing, or a NotFound. */
    static final String NOTHING = "consul-cluster-factory-priming";

    /** A handler primed before the snapshot. */
    public interface Primed {
        SnapStartPriming priming();
    }

    private final String function;
    private final List<Runnable> reads;

    private SnapStartPriming(String function, List<Runnable> reads) {
        this.function = function;
        this.reads = List.copyOf(reads);
    }

    /**
     * Registers the reads to run before the snapshot. The caller must keep the result (a handler's field):
     * a CRaC context may hold its resources weakly.
     */
    public static SnapStartPriming register(String function, List<Runnable> reads) {
        SnapStartPriming priming = new SnapStartPriming(function, reads);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        int answered = prime();
        System.out.printf("SnapStart priming of %s: %d of %d reads answered in %d ms%n", function, answered, reads.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK resolves credentials on use, and stale connections are retried.
    }

    /** Runs every read, ignoring its outcome; how many ran to an answer (a result or an AWS error). */
    public int prime() {
        int answered = 0;
        for (Runnable read : reads) {
            try {
                read.run();
                answered++;
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                answered++; // AWS answered: the error path is primed too
            } catch (RuntimeException e) {
                // no answer (no network while publishing?): the snapshot is taken anyway, just less warm
            }
        }
        return answered;
    }

    public String function() {
        return function;
    }

    /** How many reads it runs. */
    public int reads() {
        return reads.size();
    }

    // ---- the reads, one per client and kind of call a function makes ----

    public static Runnable ec2DescribeImages() {
        return () -> AwsClients.ec2().describeImages(r -> r.owners("self").filters(f -> f.name("name").values(NOTHING)));
    }

    public static Runnable ec2DescribeInstances() {
        return () -> AwsClients.ec2().describeInstances(r -> r.filters(f -> f.name("tag:consul-cluster").values(NOTHING)));
    }

    public static Runnable ec2DescribeInstanceTypes() {
        return () -> AwsClients.ec2().describeInstanceTypes(r -> r.instanceTypesWithStrings("t3.micro"));
    }

    public static Runnable ec2DescribeSecurityGroups() {
        return () -> AwsClients.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(NOTHING)));
    }

    public static Runnable ec2DescribeLaunchTemplates() {
        return () -> AwsClients.ec2().describeLaunchTemplates(r -> r.filters(f -> f.name("launch-template-name").values(NOTHING)));
    }

    /** EC2 checks the permission and launches nothing (DryRunOperation, or an error for the made-up image). */
    public static Runnable ec2RunInstancesDryRun() {
        return () -> AwsClients.ec2().runInstances(r -> r.dryRun(true).imageId("ami-00000000000000000").instanceType("t3.micro")
                .minCount(1).maxCount(1));
    }

    public static Runnable ssmGetUbuntuParameter() {
        return () -> AwsClients.ssm().getParameter(r -> r.name(ClusterSpecParser.UBUNTU_PARAMETER.formatted("amd64")));
    }

    public static Runnable ssmGetClusterRecord() {
        return () -> AwsClients.ssm().getParameter(r -> r.name(ClusterRecord.PATH + NOTHING));
    }

    public static Runnable ssmGetClusterRecords() {
        return () -> AwsClients.ssm().getParametersByPath(r -> r.path(ClusterRecord.PATH.substring(0, ClusterRecord.PATH.length() - 1))
                .maxResults(1));
    }

    public static Runnable autoScalingDescribeGroups() {
        return () -> AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(NOTHING));
    }

    /** A secret the factory never makes (its names are {@code consul-cluster-factory/<cluster>/…}): NotFound. */
    public static Runnable secretsManagerDescribeSecret() {
        return () -> AwsClients.secretsManager().describeSecret(r -> r.secretId(
                io.consulfactory.consul.SecretNames.PREFIX + NOTHING));
    }

    /** A role the factory never makes: NoSuchEntity. */
    public static Runnable iamGetRole() {
        return () -> AwsClients.iam().getRole(r -> r.roleName(NOTHING));
    }
}
