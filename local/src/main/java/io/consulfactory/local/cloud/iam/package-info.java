/**
 * IAM: roles, their inline and attached policies, instance profiles, customer managed policies and their versions,
 * and tags, over the query protocol with IAM's response shapes, error codes and statuses
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html). {@link io.consulfactory.local.cloud.iam.IamService} is the doorway.
 *
 * <p>State: {@link io.consulfactory.local.cloud.iam.Roles} ({@link io.consulfactory.local.cloud.iam.IamRole}),
 * {@link io.consulfactory.local.cloud.iam.InstanceProfiles} ({@link io.consulfactory.local.cloud.iam.IamInstanceProfile}),
 * {@link io.consulfactory.local.cloud.iam.ManagedPolicies} ({@link io.consulfactory.local.cloud.iam.IamManagedPolicy}),
 * {@link io.consulfactory.local.cloud.iam.PolicyDocuments}, {@link io.consulfactory.local.cloud.iam.PolicyArn},
 * {@link io.consulfactory.local.cloud.iam.IamTags}.
 * <br>Wire: {@link io.consulfactory.local.cloud.iam.IamWire} (actions and response shapes),
 * {@link io.consulfactory.local.cloud.iam.IamParamsWire} (parameters, their constraints, pages).
 * <br>Errors: {@link io.consulfactory.local.cloud.iam.IamErrors}.
 *
 * <p>Quirks kept from AWS: names are unique regardless of case (and found regardless of case); policy documents come
 * back URL-encoded; an instance profile holds one role; EC2 sees a new instance profile, or a role newly added to one,
 * only after {@link io.consulfactory.local.cloud.Faults#instanceProfilePropagation} (eventual consistency,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency);
 * the quotas of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (10 managed policies per
 * role, 5 versions per policy, policy sizes without whitespace).
 *
 * <p>Simplifications: no users, groups or permission boundaries; no AWS managed policy documents; any well-formed
 * managed policy ARN can be attached; a list's Marker is the index of its next item; policy documents are checked
 * for their Version and Effects only ({@link io.consulfactory.local.cloud.iam.PolicyDocuments#check}).
 */
package io.consulfactory.local.cloud.iam;
