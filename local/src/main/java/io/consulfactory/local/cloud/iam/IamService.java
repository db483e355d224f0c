package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.util.Optional;

/**
 * IAM's doorway: the service's names, its state ({@link Roles}, {@link InstanceProfiles}, {@link ManagedPolicies})
 * for tests and the other local services, and each request handed to {@link IamWire}. See the package's javadoc for
 * what is kept from AWS and what is simplified.
 */
public final class IamService implements LocalService {

    private final LocalAws aws;
    private final Roles roles;
    private final InstanceProfiles profiles;
    private final ManagedPolicies managedPolicies;
    private final IamWire wire;

    public IamService(LocalAws aws) {
        this.aws = aws;
        this.roles = new Roles(aws);
        this.profiles = new InstanceProfiles(aws);
        this.managedPolicies = new ManagedPolicies(aws);
        this.wire = new IamWire(roles, profiles, managedPolicies);
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "https://iam.amazonaws.com/doc/2010-05-08/";
    }

    @Override
    public Object handle(AwsRequest request) {
        return wire.handle(request);
    }

    @Override
    public void reset() {
        roles.clear();
        profiles.clear();
        managedPolicies.clear();
    }

    // ---- public read API (for tests and other local services) ----

    /** The role of that name (any case), if it exists. */
    public Optional<IamRole> role(String roleName) {
        synchronized (aws) {
            return roles.find(roleName);
        }
    }

    /** The instance profile of that name (any case) or ARN, if it exists. */
    public Optional<IamInstanceProfile> instanceProfile(String nameOrArn) {
        synchronized (aws) {
            return profiles.find(nameOrArn);
        }
    }

    /** The customer managed policy at that ARN, if it exists. */
    public Optional<IamManagedPolicy> managedPolicy(String arn) {
        synchronized (aws) {
            return managedPolicies.find(arn);
        }
    }

    /**
     * Whether EC2 can launch an instance with this profile (name or ARN) yet: only once IAM's eventual consistency
     * has let EC2 see the profile and its role ({@link InstanceProfiles#usableByEc2}).
     */
    public boolean instanceProfileUsableByEc2(String nameOrArn) {
        synchronized (aws) {
            return profiles.usableByEc2(nameOrArn);
        }
    }
}
