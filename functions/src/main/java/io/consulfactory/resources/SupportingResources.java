package io.consulfactory.resources;

import java.util.List;

/**
 * What EnsureSupportingResources made or found: the state machine keeps it under {@code $.resources}.
 *
 * @param apiAllowedCidrs             the CIDRs the API and DNS ports are open to (the VPC's when the spec left them out)
 * @param clientSecurityGroupId       the group Consul clients of the cluster run in: add it to their instances
 * @param clientPolicyArn             the managed policy Consul clients' roles attach: auto-join and the client secret
 */
public record SupportingResources(
        String roleName,
        String roleArn,
        String instanceProfileName,
        String instanceProfileArn,
        String securityGroupId,
        String securityGroupName,
        List<String> apiAllowedCidrs,
        String clientSecurityGroupId,
        String clientSecurityGroupName,
        String clientPolicyArn) {
}
