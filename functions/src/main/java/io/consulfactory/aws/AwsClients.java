package io.consulfactory.aws;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;

/**
 * One SDK client per service per JVM (so per Lambda container), each built on first use.
 *
 * <p>Region, credentials and endpoint come from the SDK's standard settings only: {@code AWS_REGION},
 * the credential chain, and {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} (or the
 * matching {@code aws.*} system properties). That is how the local AWS is reached too: there is no
 * test-only code path here. IAM is global: the SDK resolves its endpoint from the region as usual.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** The lightweight HTTP client: no Apache or Netty in the function package (cold start, size). */
    private static final class Http {
        static final SdkHttpClient CLIENT = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** On every client: the interceptor that counts each invocation's calls for its log line. */
    private static final ClientOverrideConfiguration COUNTED = ClientOverrideConfiguration.builder()
            .addExecutionInterceptor(AwsCallCounter.INSTANCE).build();

    private static final class Ec2 {
        static final Ec2Client CLIENT = Ec2Client.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class Iam {
        static final IamClient CLIENT = IamClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class AutoScaling {
        static final AutoScalingClient CLIENT = AutoScalingClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class SecretsManager {
        static final SecretsManagerClient CLIENT = SecretsManagerClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    /**
     * S3 with the SDK's default addressing: virtual-hosted style against AWS; against an endpoint whose host is an
     * IP address (the local AWS's {@code http://127.0.0.1:port}) the SDK's S3 endpoint rules choose path style.
     */
    private static final class S3 {
        static final S3Client CLIENT = S3Client.builder().httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class Ssm {
        static final SsmClient CLIENT = SsmClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class Sfn {
        static final SfnClient CLIENT = SfnClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    private static final class Sts {
        static final StsClient CLIENT = StsClient.builder()
                .httpClient(Http.CLIENT).overrideConfiguration(COUNTED).build();
    }

    public static Ec2Client ec2() {
        return Ec2.CLIENT;
    }

    public static IamClient iam() {
        return Iam.CLIENT;
    }

    public static AutoScalingClient autoScaling() {
        return AutoScaling.CLIENT;
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManager.CLIENT;
    }

    public static S3Client s3() {
        return S3.CLIENT;
    }

    public static SsmClient ssm() {
        return Ssm.CLIENT;
    }

    public static SfnClient sfn() {
        return Sfn.CLIENT;
    }

    public static StsClient sts() {
        return Sts.CLIENT;
    }
}
