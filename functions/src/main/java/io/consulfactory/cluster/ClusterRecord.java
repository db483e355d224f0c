package io.consulfactory.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The spec each cluster runs, kept as an SSM parameter {@code /consul-cluster-factory/clusters/<name>}: a
 * scheduled rebake starts from it, since fields like {@code datacenter} are stored nowhere else and must
 * not fall back to a default. Written only when it changed.
 */
public final class ClusterRecord {

    public static final String PATH = "/consul-cluster-factory/clusters/";

    private final SsmClient ssm;

    public ClusterRecord(SsmClient ssm) {
        this.ssm = ssm;
    }

    public static String parameterName(String clusterName) {
        return PATH + clusterName;
    }

    /** Records {@code spec} without {@code restoreFrom}: a restore belongs to the execution that made the cluster. */
    public void save(ClusterSpec spec) {
        String name = parameterName(spec.clusterName());
        String text = json(spec.withoutRestore());
        Optional<String> current = read(name);
        try {
            if (current.isPresent() && Json.MAPPER.readTree(current.get()).equals(Json.MAPPER.readTree(text))) {
                return;
            }
        } catch (JsonProcessingException e) {
            // an unreadable record is replaced by a good one
        }
        call("ssm:PutParameter", () -> ssm.putParameter(r -> r.name(name).value(text).type(ParameterType.STRING)
                .overwrite(true).description("The spec Consul cluster " + spec.clusterName() + " runs (consul-cluster-factory)")));
    }

    /** The spec the cluster was last deployed with, if it has a (readable) record. */
    public Optional<ClusterSpec> recorded(String clusterName) {
        return read(parameterName(clusterName)).flatMap(text -> {
            try {
                return Optional.of(Json.MAPPER.readValue(text, ClusterSpec.class));
            } catch (JsonProcessingException e) {
                return Optional.empty(); // unreadable: treated as no record; the next deploy writes a good one
            }
        });
    }

    private Optional<String> read(String name) {
        try {
            return Optional.of(call("ssm:GetParameter", () -> ssm.getParameter(r -> r.name(name))).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    static String json(ClusterSpec spec) {
        try {
            return Json.MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec always serialises", e);
        }
    }
}
