/**
 * SSM Parameter Store over the JSON 1.1 protocol (https://docs.aws.amazon.com/systems-manager/latest/APIReference/Welcome.html):
 * the public parameters AWS publishes, such as Canonical's "current Ubuntu image" ids (pointing at the local AWS's
 * public images), and the account's own String parameters: {@code GetParameter}, {@code PutParameter},
 * {@code GetParametersByPath}, {@code DeleteParameter}, and their tags ({@code AddTagsToResource},
 * {@code ListTagsForResource}, {@code RemoveTagsFromResource} with ResourceType {@code Parameter}).
 * {@link io.consulfactory.local.cloud.ssm.SsmService} is the doorway.
 *
 * <p>State: {@link io.consulfactory.local.cloud.ssm.Parameters} ({@link io.consulfactory.local.cloud.ssm.Parameter}).
 * <br>Wire: {@link io.consulfactory.local.cloud.ssm.SsmWire}.
 * <br>Errors: {@link io.consulfactory.local.cloud.ssm.SsmErrors}.
 *
 * <p>Kept from AWS: the Standard tier's 4 KB value
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html); a name
 * is put again only with Overwrite, each put a new version; names under {@code /aws/} are reserved; 50 tags per
 * parameter, a key given again taking the new value.
 *
 * <p>Simplifications: String parameters only, all of the Standard tier, with no history of versions kept (only the
 * latest value and its number); the reserved prefix is {@code /aws/} alone; every parameter was last modified at
 * one fixed date; GetParametersByPath answers in one page and leaves out the public parameters.
 */
package io.consulfactory.local.cloud.ssm;
