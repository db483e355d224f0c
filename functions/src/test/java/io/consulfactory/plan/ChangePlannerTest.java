package io.consulfactory.plan;

import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each field of a running cluster's spec, changed: rolled, stepped, in place, or refused. */
class ChangePlannerTest {

    private static final String BASE = "\"clusterName\":\"c-one\",\"vpcId\":\"vpc-0123456789abcdef0\","
            + "\"subnetIds\":[\"subnet-00000000000000001\",\"subnet-00000000000000002\",\"subnet-00000000000000003\"]";

    private static ClusterSpec spec(String extra) {
        return ClusterSpecParser.parse("{" + BASE + extra + "}", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "consulVersion   | ,\"consulVersion\":\"1.21.0\"                                   | ROLL",
            "instanceType    | ,\"instanceType\":\"m7i.large\"                                 | ROLL",
            "baseImage       | ,\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\"}          | ROLL",
            "serverCount     | ,\"serverCount\":5                                              | STEP",
            "apiAllowedCidrs | ,\"apiAllowedCidrs\":[\"10.0.0.0/8\"]                           | IN_PLACE",
            "sshAllowedCidrs | ,\"sshAllowedCidrs\":[\"10.9.0.0/16\"]                          | IN_PLACE",
            "keepImages      | ,\"keepImages\":5                                               | IN_PLACE",
            "maxImageAgeDays | ,\"maxImageAgeDays\":7                                          | IN_PLACE",
            "datacenter      | ,\"datacenter\":\"eu1\"                                         | REFUSED",
            "joinTag         | ,\"joinTag\":{\"key\":\"role-of\",\"value\":\"consul\"}         | REFUSED",
            "consulVersion   | ,\"consulVersion\":\"1.20.1\"                                   | REFUSED"})
    void eachFieldIsClassified(String field, String extra, ChangeKind kind) {
        List<Change> changes = ChangePlanner.compare(spec(""), spec(extra));

        assertEquals(1, changes.size(), changes.toString());
        assertEquals(field, changes.get(0).field());
        assertEquals(kind, changes.get(0).kind());
        assertTrue(!changes.get(0).how().isBlank());
    }

    @Test
    void aMoveToOtherSubnetsOrAnotherVpcIsRefusedButTheSameSubnetsInAnotherOrderAreNoChange() {
        ClusterSpec running = spec("");
        ClusterSpec reordered = ClusterSpecParser.parse("{\"clusterName\":\"c-one\",\"vpcId\":\"vpc-0123456789abcdef0\",\"subnetIds\":"
                + "[\"subnet-00000000000000003\",\"subnet-00000000000000001\",\"subnet-00000000000000002\"]}", null);
        ClusterSpec fewer = ClusterSpecParser.parse("{\"clusterName\":\"c-one\",\"vpcId\":\"vpc-0123456789abcdef0\",\"subnetIds\":"
                + "[\"subnet-00000000000000001\",\"subnet-00000000000000002\"]}", null);
        ClusterSpec elsewhere = ClusterSpecParser.parse("{\"clusterName\":\"c-one\",\"vpcId\":\"vpc-0fedcba9876543210\",\"subnetIds\":"
                + "[\"subnet-00000000000000009\"]}", null);

        assertEquals(List.of(), ChangePlanner.compare(running, reordered));
        assertEquals(List.of(ChangeKind.REFUSED), ChangePlanner.compare(running, fewer).stream().map(Change::kind).toList());
        assertEquals(List.of("vpcId", "subnetIds"), ChangePlanner.compare(running, elsewhere).stream().map(Change::field).toList());
    }

    @Test
    void theMoveFromTheOldSharedJoinTagToTheClustersOwnIsARollBecauseEveryServerCarriesIt() {
        ClusterSpec running = spec(",\"joinTag\":{\"key\":\"service\",\"value\":\"consul-server\"}");

        List<Change> changes = ChangePlanner.compare(running, spec(""));

        assertEquals(1, changes.size(), changes.toString());
        Change change = changes.get(0);
        assertEquals("joinTag", change.field());
        assertEquals("service=consul-server", change.from());
        assertEquals("consul-cluster=c-one", change.to());
        assertEquals(ChangeKind.ROLL, change.kind());
        assertTrue(change.how().contains("already carry consul-cluster=c-one"), change.how());
    }

    @Test
    void anyOtherJoinTagChangeIsRefusedEvenAwayFromTheClustersOwnTag() {
        ClusterSpec running = spec("");

        List<Change> away = ChangePlanner.compare(running, spec(",\"joinTag\":{\"key\":\"service\",\"value\":\"consul-server\"}"));
        List<Change> between = ChangePlanner.compare(spec(",\"joinTag\":{\"key\":\"team\",\"value\":\"a\"}"),
                spec(",\"joinTag\":{\"key\":\"team\",\"value\":\"b\"}"));

        assertEquals(ChangeKind.REFUSED, away.get(0).kind(), "the running servers carry no service=consul-server tag");
        assertTrue(away.get(0).how().contains("bootstrap apart"), away.get(0).how());
        assertEquals(ChangeKind.REFUSED, between.get(0).kind());
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertTrue(ChangePlanner.compareVersions("1.10.0", "1.9.9") > 0);
        assertTrue(ChangePlanner.compareVersions("1.20.2", "1.20.10") < 0);
        assertEquals(0, ChangePlanner.compareVersions("1.20.2", "1.20.2"));
    }
}
