package io.consulfactory.snapshot;

import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One cluster's group and its servers' consoles and tags, in memory, as EC2 and Auto Scaling answer for them. */
final class FakeServers {

    final Map<String, String> lifecycle = new LinkedHashMap<>();
    final Map<String, StringBuilder> consoles = new LinkedHashMap<>();
    final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final String group;

    FakeServers(String clusterName, String... inService) {
        group = "consul-" + clusterName;
        for (String id : inService) {
            lifecycle.put(id, "InService");
            consoles.put(id, new StringBuilder("consul-boot: Consul started\r\n"));
            tags.put(id, new LinkedHashMap<>());
        }
    }

    FakeServers prints(String instance, String line) {
        consoles.get(instance).append(line).append("\r\n");
        return this;
    }

    final Ec2Client ec2 = new Ec2Client() {
        @Override
        public CreateTagsResponse createTags(CreateTagsRequest request) {
            calls.add("CreateTags " + request.resources() + " " + request.tags().get(0).key() + "=" + request.tags().get(0).value());
            request.resources().forEach(id -> request.tags().forEach(t -> tags.get(id).put(t.key(), t.value())));
            return CreateTagsResponse.builder().build();
        }

        @Override
        public GetConsoleOutputResponse getConsoleOutput(GetConsoleOutputRequest request) {
            calls.add("GetConsoleOutput " + request.instanceId() + (Boolean.TRUE.equals(request.latest()) ? " latest" : ""));
            return GetConsoleOutputResponse.builder().instanceId(request.instanceId()).output(Base64.getEncoder()
                    .encodeToString(consoles.get(request.instanceId()).toString().getBytes(StandardCharsets.UTF_8))).build();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {
        }
    };

    final AutoScalingClient autoScaling = new AutoScalingClient() {
        @Override
        public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest request) {
            calls.add("DescribeAutoScalingGroups " + request.autoScalingGroupNames());
            if (!request.autoScalingGroupNames().equals(List.of(group))) {
                return DescribeAutoScalingGroupsResponse.builder().build();
            }
            return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(AutoScalingGroup.builder().autoScalingGroupName(group)
                    .instances(lifecycle.entrySet().stream().map(e -> Instance.builder().instanceId(e.getKey())
                            .lifecycleState(e.getValue()).build()).toList()).build()).build();
        }

        @Override
        public String serviceName() {
            return "autoscaling";
        }

        @Override
        public void close() {
        }
    };

    ClusterServers servers() {
        return new ClusterServers(ec2, autoScaling);
    }
}
