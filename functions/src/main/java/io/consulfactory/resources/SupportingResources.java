package io.consulfactory.resources;

import java.util.List;

/**
 * What EnsureSupportingResources made or found: the state machine keeps it under {@code $.resources}.
 *
 * @param apiAllowedCidrs the CIDRs the API and DNS ports are open to (the VPC's when the spec left them out)
 */
public record SupportingResources(
        String roleName,
        String roleArn,
        String instanceProfileName,
        String instanceProfileArn,
        String securityGroupId,
        String securityGroupName,
        List<String> apiAllowedCidrs) {
}
