package io.consulfactory.local.cloud.ec2;

import java.util.Map;

/** A read-only look at a simulated instance, for tests and summaries. */
public record InstanceView(String instanceId, String state, String imageId, String subnetId, String privateIp,
                           Map<String, String> tags, String userData, String launchTemplateId,
                           String launchTemplateVersion) {
}
