package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;

import java.util.List;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The cluster's IAM resources, only under the factory's path: the instance profile (its role removed first), the
 * node role (its inline policies deleted first, as IAM's DeleteRole requires), and the client managed policy
 * (its non-default versions first, as DeletePolicy requires). A client policy still attached to a client's role
 * stops the step with IAM's DeleteConflict: the factory never detaches it from roles that are not its own.
 */
public final class RemoveIdentity {

    static final String PROFILES = "instanceProfiles";
    static final String ROLES = "roles";
    static final String POLICIES = "policies";

    private final IamClient iam;

    public RemoveIdentity(IamClient iam) {
        this.iam = iam;
    }

    /** @param arnInAccount any ARN of the account (the execution's): where the client policy's ARN is */
    public Removal remove(String clusterName, String arnInAccount) {
        ClusterNames names = new ClusterNames(clusterName);
        Removal.Builder result = new Removal.Builder(null, PROFILES, ROLES, POLICIES);
        String name = names.nodeRoleName();

        InstanceProfile profile = null;
        try {
            profile = call("iam:GetInstanceProfile", () -> iam.getInstanceProfile(r -> r.instanceProfileName(name))).instanceProfile();
        } catch (NoSuchEntityException e) {
            result.gone(PROFILES, name);
        }
        if (profile != null) {
            if (!ClusterNames.ourIamPath(profile.path())) {
                throw new ForeignResourceException(clusterName, List.of(names.whyNotOursIam("IAM instance profile", name, profile.path())));
            }
            for (Role held : profile.roles()) {
                ignoreMissing(() -> call("iam:RemoveRoleFromInstanceProfile", () -> iam.removeRoleFromInstanceProfile(r -> r
                        .instanceProfileName(name).roleName(held.roleName()))));
            }
            if (ignoreMissing(() -> call("iam:DeleteInstanceProfile", () -> iam.deleteInstanceProfile(r -> r.instanceProfileName(name))))) {
                result.removed(PROFILES, profile.arn());
            } else {
                result.gone(PROFILES, name);
            }
        }

        Role role = null;
        try {
            role = call("iam:GetRole", () -> iam.getRole(r -> r.roleName(name))).role();
        } catch (NoSuchEntityException e) {
            result.gone(ROLES, name);
        }
        if (role != null) {
            if (!ClusterNames.ourIamPath(role.path())) {
                throw new ForeignResourceException(clusterName, List.of(names.whyNotOursIam("IAM role", name, role.path())));
            }
            for (String policy : call("iam:ListRolePolicies", () -> iam.listRolePoliciesPaginator(r -> r.roleName(name))
                    .policyNames().stream().toList())) {
                ignoreMissing(() -> call("iam:DeleteRolePolicy", () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy))));
            }
            if (ignoreMissing(() -> call("iam:DeleteRole", () -> iam.deleteRole(r -> r.roleName(name))))) {
                result.removed(ROLES, role.arn());
            } else {
                result.gone(ROLES, name);
            }
        }

        // The factory's client policy has the factory's path in its ARN: what is found there is the factory's.
        String policyArn = names.clientPolicyArn(arnInAccount);
        boolean exists;
        try {
            call("iam:GetPolicy", () -> iam.getPolicy(r -> r.policyArn(policyArn)));
            exists = true;
        } catch (NoSuchEntityException e) {
            exists = false;
        }
        if (!exists) {
            return result.gone(POLICIES, policyArn).done();
        }
        for (PolicyVersion v : call("iam:ListPolicyVersions", () -> iam.listPolicyVersions(r -> r.policyArn(policyArn))).versions()) {
            if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                ignoreMissing(() -> call("iam:DeletePolicyVersion", () -> iam.deletePolicyVersion(r -> r
                        .policyArn(policyArn).versionId(v.versionId()))));
            }
        }
        try {
            if (ignoreMissing(() -> call("iam:DeletePolicy", () -> iam.deletePolicy(r -> r.policyArn(policyArn))))) {
                result.removed(POLICIES, policyArn);
            } else {
                result.gone(POLICIES, policyArn);
            }
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "DeleteConflict")) {
                throw new PolicyStillAttachedException("The client policy " + policyArn + " is still attached to roles,"
                        + " users or groups that are not the factory's (Consul clients of " + clusterName + "?): detach it"
                        + " from them (aws iam list-entities-for-policy --policy-arn " + policyArn + "), then run the"
                        + " teardown again. The servers, images, groups, node role and profile are already gone.", e);
            }
            throw e;
        }
        return result.done();
    }

    /** Runs a delete; false when IAM says the thing is gone already (a retried step, or IAM's eventual consistency). */
    private static boolean ignoreMissing(Runnable delete) {
        try {
            delete.run();
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
