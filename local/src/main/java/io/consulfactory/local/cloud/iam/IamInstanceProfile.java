package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An instance profile as the local IAM holds it: immutable, replaced on every change. It holds at most
 * one role (AWS's fixed quota {@code InstanceSessionsPerInstanceProfile} is 1).
 *
 * @param roleName    the role it holds, or {@code null}
 * @param roleAddedAt when that role was added (IAM propagates the change to EC2 only later), or {@code null}
 */
public record IamInstanceProfile(String instanceProfileName, String path, String instanceProfileId,
                                 Instant createDate, Map<String, String> tags, String roleName,
                                 Instant roleAddedAt) {

    public IamInstanceProfile {
        tags = IamRole.frozen(tags);
    }

    public String arn() {
        return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":instance-profile" + path + instanceProfileName;
    }

    public Optional<String> role() {
        return Optional.ofNullable(roleName);
    }

    IamInstanceProfile withRole(String role, Instant addedAt) {
        return new IamInstanceProfile(instanceProfileName, path, instanceProfileId, createDate, tags, role, addedAt);
    }

    IamInstanceProfile withTags(Map<String, String> newTags) {
        return new IamInstanceProfile(instanceProfileName, path, instanceProfileId, createDate, newTags, roleName,
                roleAddedAt);
    }
}
