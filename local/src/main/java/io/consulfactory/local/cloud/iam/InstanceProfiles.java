package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account's instance profiles: state and the rules IAM enforces on it, and when EC2 sees them. Callers hold the
 * local AWS's lock.
 *
 * <p>Kept from AWS: names unique regardless of case, and found regardless of case; an instance profile holds one
 * role (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html); one
 * holding a role cannot be deleted (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html);
 * EC2 sees a new profile, or a role newly added to one, only a while later (eventual consistency,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
final class InstanceProfiles {

    private static final Pattern ARN = Pattern.compile("arn:aws:iam::(\\d{12}):instance-profile(/(?:.*/)?)([^/]+)");

    private final LocalAws aws;
    /** By lower-cased name, sorted, as IAM lists them. */
    private final Map<String, IamInstanceProfile> profiles = new TreeMap<>();

    InstanceProfiles(LocalAws aws) {
        this.aws = aws;
    }

    /** The instance profile of that name (any case) or ARN (same account, path and name), if it exists. */
    Optional<IamInstanceProfile> find(String nameOrArn) {
        Matcher arn = ARN.matcher(nameOrArn);
        if (!arn.matches()) {
            return Optional.ofNullable(profiles.get(key(nameOrArn)));
        }
        IamInstanceProfile profile = profiles.get(key(arn.group(3)));
        boolean same = profile != null && arn.group(1).equals(LocalAws.ACCOUNT_ID) && profile.path().equals(arn.group(2));
        return same ? Optional.of(profile) : Optional.empty();
    }

    IamInstanceProfile get(String name) {
        IamInstanceProfile profile = profiles.get(key(name));
        if (profile == null) {
            throw IamErrors.noSuchInstanceProfile(name);
        }
        return profile;
    }

    /** The instance profiles whose path starts with the prefix, sorted by name. */
    List<IamInstanceProfile> withPathPrefix(String prefix) {
        return profiles.values().stream().filter(ip -> ip.path().startsWith(prefix)).toList();
    }

    /** The instance profiles that hold the role. */
    List<IamInstanceProfile> holding(IamRole role) {
        return profiles.values().stream().filter(ip -> role.roleName().equals(ip.roleName())).toList();
    }

    IamInstanceProfile create(String name, String path, Map<String, String> tags) {
        if (profiles.containsKey(key(name))) {
            throw IamErrors.instanceProfileExists(name);
        }
        IamInstanceProfile profile = new IamInstanceProfile(name, path, aws.newIamId("AIPA"), aws.clock().now(), tags,
                null, null);
        put(profile);
        return profile;
    }

    void delete(IamInstanceProfile profile) {
        if (profile.roleName() != null) {
            throw IamErrors.mustRemoveRolesFromInstanceProfile();
        }
        profiles.remove(key(profile.instanceProfileName()));
    }

    void addRole(IamInstanceProfile profile, IamRole role) {
        if (profile.roleName() != null) {
            // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html: one role, a quota
            // that cannot be increased; AWS answers this even when it is the same role again.
            throw IamErrors.instanceProfileFull();
        }
        put(profile.withRole(role.roleName(), aws.clock().now()));
    }

    void removeRole(IamInstanceProfile profile, IamRole role) {
        if (!role.roleName().equals(profile.roleName())) {
            throw IamErrors.noSuchRole(role.roleName());
        }
        put(profile.withRole(null, null));
    }

    void tag(IamInstanceProfile profile, Map<String, String> tags) {
        put(profile.withTags(IamTags.merged(profile.tags(), tags)));
    }

    void untag(IamInstanceProfile profile, List<String> keys) {
        put(profile.withTags(IamTags.without(profile.tags(), keys)));
    }

    /**
     * Whether EC2 can launch an instance with this profile (name or ARN) yet. IAM is eventually consistent
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency):
     * EC2 sees a new profile, and a role newly added to it, only a while later (in AWS typically seconds;
     * RunInstances meanwhile fails with {@code InvalidParameterValue}). True only when the profile exists, holds a
     * role, and {@link io.consulfactory.local.cloud.Faults#instanceProfilePropagation} has passed since both.
     */
    boolean usableByEc2(String nameOrArn) {
        Optional<IamInstanceProfile> found = find(nameOrArn);
        if (found.isEmpty() || found.get().roleName() == null) {
            return false;
        }
        IamInstanceProfile profile = found.get();
        Duration delay = aws.faults().instanceProfilePropagation();
        Instant now = aws.clock().now();
        return !now.isBefore(profile.createDate().plus(delay)) && !now.isBefore(profile.roleAddedAt().plus(delay));
    }

    void clear() {
        profiles.clear();
    }

    private void put(IamInstanceProfile profile) {
        profiles.put(key(profile.instanceProfileName()), profile);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
