package io.consulfactory.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.consulfactory.aws.Tags;
import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.InvalidSpecException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

import java.util.List;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Clusters never find each other: Consul's cloud auto-join joins every running instance in the region that carries
 * the join tag (go-discover's aws provider filters DescribeInstances by it), whatever cluster it belongs to, so a join
 * tag another cluster uses would merge the two LAN pools. Refused before anything is made when another cluster holds
 * it, found two ways: instances carrying it now (of another cluster, or of none the factory made), and the records of
 * the factory's other clusters (a cluster whose servers are all stopped or not launched yet still claims its tag).
 */
final class JoinTagCheck {

    /** Every state in which an instance can come back running and join (terminated and shutting-down cannot). */
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2Client ec2;
    private final SsmClient ssm;

    JoinTagCheck(Ec2Client ec2, SsmClient ssm) {
        this.ec2 = ec2;
        this.ssm = ssm;
    }

    void check(ClusterSpec spec) {
        ClusterSpec.JoinTag tag = spec.joinTag();
        String shown = tag.key() + "=" + tag.value();
        Optional<Instance> foreign = call("ec2:DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name("tag:" + tag.key()).values(tag.value()).build(),
                        Filter.builder().name("instance-state-name").values(LIVE_STATES).build()))
                .reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> !spec.clusterName().equals(clusterOf(i)))
                .findFirst());
        if (foreign.isPresent()) {
            String cluster = clusterOf(foreign.get());
            throw InvalidSpecException.of("joinTag", shown + " is already carried by instance " + foreign.get().instanceId()
                    + (cluster == null ? " (of no cluster the factory made)" : " of cluster " + cluster)
                    + ": Consul's cloud auto-join would join this cluster's servers to it; pick another joinTag"
                    + " (the default, " + Tags.CLUSTER + "=" + spec.clusterName() + ", is this cluster's own)");
        }
        List<Parameter> records = call("ssm:GetParametersByPath", () -> ssm.getParametersByPathPaginator(r -> r
                .path(ClusterRecord.PATH).recursive(false)).stream().flatMap(page -> page.parameters().stream()).toList());
        for (Parameter record : records) {
            Optional<ClusterSpec> other = readSpec(record);
            if (other.isPresent() && !other.get().clusterName().equals(spec.clusterName()) && tag.equals(other.get().joinTag())) {
                throw InvalidSpecException.of("joinTag", shown + " is already the join tag of cluster " + other.get().clusterName()
                        + " (its record " + record.name() + "): the servers of the two clusters would find each other through"
                        + " Consul's cloud auto-join; pick another joinTag (the default, " + Tags.CLUSTER + "="
                        + spec.clusterName() + ", is this cluster's own)");
            }
        }
    }

    private static String clusterOf(Instance instance) {
        return instance.tags().stream().filter(t -> Tags.CLUSTER.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /** An unreadable record claims nothing (the next deploy of that cluster writes a good one). */
    private static Optional<ClusterSpec> readSpec(Parameter record) {
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(record.value(), ClusterSpec.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
