package io.consulfactory.local.bench;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cold-start probe end to end: a child JVM on the function package serves a real invocation. */
@ExtendWith(LocalAwsExtension.class)
class ColdStartTest {

    @Test
    void aFreshJvmOnTheFunctionPackageServesTheFirstInvocationAgainstTheLocalAws(LocalAws aws) throws Exception {
        ColdStart.Result result;
        try (DeployedCloud cloud = DeployedCloud.deploy(aws)) {
            result = ColdStart.measure(cloud, new ColdStart.Options(1, List.of("CheckImage"), true, false), null);
        }

        assertFalse(result.hello().failed(), result.hello().failure());
        assertEquals(1, result.functions().size());
        ColdStart.FunctionResult checkImage = result.functions().get(0);
        assertFalse(checkImage.shipped().failed(), checkImage.shipped().failure());
        assertFalse(checkImage.defaultHttp().failed(), checkImage.defaultHttp().failure());
        assertTrue(checkImage.shipped().awsCalls() >= 1, "it described the image: " + checkImage.shipped());
        assertTrue(checkImage.defaultHttp().awsCalls() >= 1, "with the default client too: " + checkImage.defaultHttp());
        assertTrue(checkImage.shipped().initMs() > 0 && checkImage.shipped().invokeMs() > 0, checkImage.shipped().toString());
        assertTrue(checkImage.shipped().rssMb() > result.hello().rssMb(), result.toString());
        assertTrue(checkImage.shipped().wallMs() > checkImage.shipped().initMs() + checkImage.shipped().invokeMs());
    }
}
