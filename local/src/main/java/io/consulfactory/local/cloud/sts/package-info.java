/**
 * STS over the query protocol (https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html): only
 * {@code GetCallerIdentity}, answering for the local account. {@link io.consulfactory.local.cloud.sts.StsService}
 * is the doorway.
 *
 * <p>State: {@link io.consulfactory.local.cloud.sts.CallerIdentity} (who an access key is).
 * <br>Wire: {@link io.consulfactory.local.cloud.sts.StsWire}.
 * <br>Errors: {@link io.consulfactory.local.cloud.sts.StsErrors}.
 *
 * <p>Simplifications: every access key belongs to one IAM user of the local account ({@code user/local}); no
 * roles are assumed and no temporary credentials issued.
 */
package io.consulfactory.local.cloud.sts;
