package io.consulfactory.local.cloud;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EC2's token buckets at the documented sizes and refill rates, on a time source the test moves. */
class RequestRatesTest {

    private static final String REGION = "us-east-1";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RequestRates rates = RequestRates.ec2Documented(nanos::get);

    @Test
    void actionsFallInTheirDocumentedCategories() {
        assertEquals(new RequestRates.Rate(100, 20), RequestRates.requestRate("DescribeImages", false), "non-mutating");
        assertEquals(new RequestRates.Rate(100, 20), RequestRates.requestRate("GetConsoleOutput", false), "non-mutating");
        assertEquals(new RequestRates.Rate(50, 10), RequestRates.requestRate("DescribeInstances", false), "unfiltered, unpaginated");
        assertEquals(new RequestRates.Rate(100, 20), RequestRates.requestRate("DescribeInstances", true), "filtered");
        assertEquals(new RequestRates.Rate(50, 5), RequestRates.requestRate("CreateSecurityGroup", false), "mutating");
        assertEquals(new RequestRates.Rate(50, 5), RequestRates.requestRate("AuthorizeSecurityGroupIngress", false), "resource-intensive");
        assertEquals(new RequestRates.Rate(5, 2), RequestRates.requestRate("RunInstances", false), "uncategorized");
        assertEquals(new RequestRates.Rate(100, 10), RequestRates.requestRate("CreateTags", false), "uncategorized");
        assertEquals(new RequestRates.Rate(100, 5), RequestRates.requestRate("TerminateInstances", false), "uncategorized");
        assertEquals(new RequestRates.Rate(1000, 2), RequestRates.resourceRate("RunInstances"));
        assertEquals(new RequestRates.Rate(1000, 20), RequestRates.resourceRate("TerminateInstances"));
    }

    @Test
    void aFullBucketTakesABurstThenThrottlesAsEc2Does() {
        for (int i = 0; i < 5; i++) {
            assertTrue(rates.take(REGION, "RunInstances", false, 1).isEmpty(), "burst call " + i);
        }
        AwsError throttled = rates.take(REGION, "RunInstances", false, 1).orElseThrow();

        assertEquals("RequestLimitExceeded", throttled.code());
        assertEquals(503, throttled.status());
    }

    @Test
    void anEmptyBucketRefillsAtItsRateUpToItsSize() {
        drain("CreateSecurityGroup", 50);
        assertTrue(rates.take(REGION, "CreateSecurityGroup", false, 0).isPresent(), "empty");

        later(0.1);
        assertTrue(rates.take(REGION, "CreateSecurityGroup", false, 0).isPresent(), "half a token after 0.1 s at 5/s");
        later(0.1);
        assertTrue(rates.take(REGION, "CreateSecurityGroup", false, 0).isEmpty(), "one token after 0.2 s");

        later(3600);
        assertEquals(50, rates.tokens(REGION, "CreateSecurityGroup", false), 1e-9, "never above its size");
    }

    @Test
    void eachActionHasItsOwnBucket() {
        drain("CreateSecurityGroup", 50);

        assertTrue(rates.take(REGION, "DeleteSecurityGroup", false, 0).isEmpty(), "another mutating action is not affected");
        assertTrue(rates.take(REGION, "DescribeSecurityGroups", true, 0).isEmpty());
        assertTrue(rates.take("eu-west-1", "CreateSecurityGroup", false, 0).isEmpty(), "another region is not affected");
    }

    @Test
    void unfilteredDescribesUseTheSmallerBucketOfTheirOwn() {
        drain("DescribeInstances", 50);
        assertTrue(rates.take(REGION, "DescribeInstances", false, 0).isPresent(), "the unfiltered bucket holds 50");

        assertTrue(rates.take(REGION, "DescribeInstances", true, 0).isEmpty(), "a filtered call takes from the larger bucket");
        later(1);
        assertEquals(10, rates.tokens(REGION, "DescribeInstances", false), 1e-9, "refilled at 10/s");
    }

    @Test
    void runInstancesAlsoSpendsOneResourceTokenPerInstance() {
        assertTrue(rates.take(REGION, "RunInstances", false, 1000).isEmpty(), "1000 instances at once");
        later(2.5); // the request bucket regains 5, the resource bucket 5 instances

        assertTrue(rates.take(REGION, "RunInstances", false, 6).isPresent(), "6 instances: the resource bucket holds 5");
        assertTrue(rates.take(REGION, "RunInstances", false, 5).isEmpty());
        assertTrue(rates.take(REGION, "RunInstances", false, 1).isPresent());
    }

    @Test
    void theRequestItselfDecidesItsBucketAndTokens() {
        AwsRequest unfiltered = ec2("DescribeInstances", Map.of("InstanceId.1", "i-0123"));
        AwsRequest filtered = ec2("DescribeInstances", Map.of("Filter.1.Name", "tag:consul-cluster", "Filter.1.Value.1", "a"));
        for (int i = 0; i < 50; i++) {
            assertTrue(rates.take(unfiltered).isEmpty());
        }
        assertTrue(rates.take(unfiltered).isPresent(), "ids alone are neither a filter nor pagination");
        assertTrue(rates.take(filtered).isEmpty());
        assertTrue(rates.take(new AwsRequest("iam", "CreateRole", REGION, "AKIA", new QueryParams(Map.of()),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())).isEmpty(), "IAM is not throttled here");

        assertTrue(rates.take(ec2("RunInstances", Map.of("MinCount", "1", "MaxCount", "3"))).isEmpty());
        later(0.5); // the resource bucket held 997, refilled 1
        assertTrue(rates.take(ec2("RunInstances", Map.of("MinCount", "1", "MaxCount", "998"))).isEmpty());
        later(1);
        assertFalse(rates.take(ec2("RunInstances", Map.of("MinCount", "1", "MaxCount", "3"))).isEmpty(),
                "two instances' tokens after a second at 2/s");
    }

    @Test
    void scaledRatesKeepAtLeastOneToken() {
        RequestRates slow = RequestRates.ec2Documented(nanos::get).scaled(0.1);
        assertTrue(slow.take(REGION, "RunInstances", false, 1).isEmpty(), "5 x 0.1 rounds up to one token");
        assertTrue(slow.take(REGION, "RunInstances", false, 1).isPresent());
        later(5); // 0.2 a second
        assertTrue(slow.take(REGION, "RunInstances", false, 1).isEmpty());
    }

    private void drain(String action, int tokens) {
        for (int i = 0; i < tokens; i++) {
            assertTrue(rates.take(REGION, action, false, 0).isEmpty(), action + " call " + i);
        }
    }

    private void later(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    private static AwsRequest ec2(String action, Map<String, String> params) {
        return new AwsRequest("ec2", action, REGION, "AKIA", new QueryParams(params),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
}
