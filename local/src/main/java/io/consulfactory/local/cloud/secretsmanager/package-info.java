/**
 * AWS Secrets Manager (JSON 1.1, target prefix {@code secretsmanager}, signing name {@code secretsmanager}):
 * CreateSecret, GetSecretValue, DescribeSecret, PutSecretValue, ListSecrets, TagResource, UntagResource,
 * DeleteSecret, RestoreSecret, behind the doorway
 * {@link io.consulfactory.local.cloud.secretsmanager.SecretsManagerService}.
 *
 * <p>State: {@link io.consulfactory.local.cloud.secretsmanager.Secrets} (the account's secrets and the operations'
 * rules), {@link io.consulfactory.local.cloud.secretsmanager.Secret} (one secret, its staging labels and deletion
 * window), {@link io.consulfactory.local.cloud.secretsmanager.SecretVersion} (one value and its labels).
 * <br>Wire: {@link io.consulfactory.local.cloud.secretsmanager.SecretsManagerWire} (the members, checked against the
 * service model's constraints, and the response shapes).
 * <br>Errors: {@link io.consulfactory.local.cloud.secretsmanager.SecretsManagerErrors}.
 *
 * <p>Simplifications (said again where they apply): no real KMS (the key is recorded, the value kept in plain text),
 * no resource policies (every caller may call every operation; IAM is not evaluated), no rotation (no rotation
 * Lambdas, RotateSecret is not served), no replication; one set of secrets for the account, whatever the Region a
 * call is signed for.
 */
package io.consulfactory.local.cloud.secretsmanager;
