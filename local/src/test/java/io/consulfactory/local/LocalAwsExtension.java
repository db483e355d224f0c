package io.consulfactory.local;

import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local AWS per test JVM, reached by the real SDK clients through the SDK's standard settings (the
 * {@code aws.*} system properties, equivalent of {@code AWS_ENDPOINT_URL} and friends), exactly as a
 * Lambda reaches AWS. Each test starts with a fresh account: state, call log and faults reset.
 */
public final class LocalAwsExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String ACCESS_KEY_ID = "AKIALOCALTESTS000001";

    private static LocalAws shared;

    public static synchronized LocalAws localAws() {
        if (shared == null) {
            shared = LocalAws.start();
            System.setProperty("aws.endpointUrl", shared.endpoint().toString());
            System.setProperty("aws.region", LocalAws.DEFAULT_REGION);
            System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", "local-secret");
            System.setProperty("aws.disableEc2Metadata", "true");
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /**
     * Before the test instance exists: a test may build SDK clients in its fields, and the SDK reads the
     * endpoint settings once, when a client is built.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        localAws();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        localAws().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return localAws();
    }
}
