package io.consulfactory.resources;

import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityGroupPlanTest {

    static ClusterSpec spec(List<String> api, List<String> ssh) {
        return new ClusterSpec("consul-dc1", "vpc-0a1b2c3d4e5f60718", List.of("subnet-0a1b2c3d"), 3, "t3.small",
                "1.20.2", "dc1", new ClusterSpec.BaseImage(null, "ami-0123456789abcdef0"),
                new ClusterSpec.JoinTag("consul-cluster", "consul-dc1"), api, ssh, 3, 30, false, 2, null);
    }

    private static Set<String> described(List<SecurityGroupRule> rules) {
        return rules.stream().map(SecurityGroupRule::toString).collect(Collectors.toSet());
    }

    @Test
    void serversTalkRpcAndGossipAmongThemselvesAndGossipWithTheirClients() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.serverRules(spec(List.of(), List.of()), List.of());

        assertEquals(Set.of(
                "ingress tcp/8300 from group consul-consul-dc1",
                "ingress tcp/8301 from group consul-consul-dc1", "ingress udp/8301 from group consul-consul-dc1",
                "ingress tcp/8302 from group consul-consul-dc1", "ingress udp/8302 from group consul-consul-dc1",
                "ingress tcp/8300 from group consul-consul-dc1-clients",
                "ingress tcp/8301 from group consul-consul-dc1-clients", "ingress udp/8301 from group consul-consul-dc1-clients",
                "ingress tcp/8501 from group consul-consul-dc1-clients",
                "egress tcp/8300 to group consul-consul-dc1",
                "egress tcp/8301 to group consul-consul-dc1", "egress udp/8301 to group consul-consul-dc1",
                "egress tcp/8302 to group consul-consul-dc1", "egress udp/8302 to group consul-consul-dc1",
                "egress tcp/8301 to group consul-consul-dc1-clients", "egress udp/8301 to group consul-consul-dc1-clients",
                "egress tcp/443 to 0.0.0.0/0"), described(rules));
    }

    @Test
    void clientsGossipWithServersAndEachOtherAndReachOnlyTheServersRpcAndHttps() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.clientRules(spec(List.of("10.0.0.0/8"), List.of("10.1.0.0/16")));

        assertEquals(Set.of(
                "ingress tcp/8301 from group consul-consul-dc1", "ingress udp/8301 from group consul-consul-dc1",
                "ingress tcp/8301 from group consul-consul-dc1-clients", "ingress udp/8301 from group consul-consul-dc1-clients",
                "egress tcp/8300 to group consul-consul-dc1",
                "egress tcp/8301 to group consul-consul-dc1", "egress udp/8301 to group consul-consul-dc1",
                "egress tcp/8501 to group consul-consul-dc1",
                "egress tcp/8301 to group consul-consul-dc1-clients", "egress udp/8301 to group consul-consul-dc1-clients"),
                described(rules), "no CIDR at all: the spec's API and SSH CIDRs are the servers' business");
        assertTrue(rules.stream().allMatch(SecurityGroupRule::ownedByFactory));
    }

    @Test
    void thePlainHttpApiIsOpenToNobody() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.serverRules(spec(List.of("0.0.0.0/0"), List.of()), List.of("0.0.0.0/0"));

        assertTrue(rules.stream().noneMatch(r -> r.fromPort() == 8500), "8500 listens on 127.0.0.1 only");
    }

    @Test
    void apiAndDnsAreOpenOnlyToTheAllowedCidrs() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.serverRules(spec(null, List.of()), List.of("10.0.0.0/16", "2600:1f18:abcd::/56"));

        Set<String> ingressFromCidrs = rules.stream().filter(r -> !r.egress() && !r.peerIsGroup())
                .map(SecurityGroupRule::toString).collect(Collectors.toSet());
        assertEquals(Set.of(
                "ingress tcp/8501 from 10.0.0.0/16", "ingress tcp/8600 from 10.0.0.0/16", "ingress udp/8600 from 10.0.0.0/16",
                "ingress tcp/8501 from 2600:1f18:abcd::/56", "ingress tcp/8600 from 2600:1f18:abcd::/56",
                "ingress udp/8600 from 2600:1f18:abcd::/56"), ingressFromCidrs);
        assertTrue(rules.stream().filter(r -> "2600:1f18:abcd::/56".equals(r.peerCidr())).allMatch(SecurityGroupRule::ipv6));
    }

    @Test
    void sshIsClosedUnlessSshCidrsAreGiven() {
        assertTrue(SecurityGroupPlan.serverRules(spec(List.of(), List.of()), List.of()).stream().noneMatch(r -> r.fromPort() == 22));

        List<SecurityGroupRule> withSsh = SecurityGroupPlan.serverRules(spec(List.of(), List.of("192.0.2.0/24")), List.of());

        assertEquals(List.of("ingress tcp/22 from 192.0.2.0/24"),
                withSsh.stream().filter(r -> r.fromPort() == 22).map(SecurityGroupRule::toString).toList());
    }

    @Test
    void noInboundRuleIsOpenToTheWorldUnlessTheSpecSaysSo() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.serverRules(spec(List.of("10.0.0.0/8"), List.of("10.1.0.0/16")), List.of("10.0.0.0/8"));
        assertTrue(rules.stream().filter(r -> !r.egress()).noneMatch(r -> "0.0.0.0/0".equals(r.peerCidr()) || "::/0".equals(r.peerCidr())));
        assertTrue(rules.stream().noneMatch(SecurityGroupRule::isAllowAll), "no all-traffic rule, in or out");

        List<SecurityGroupRule> explicit = SecurityGroupPlan.serverRules(spec(List.of("0.0.0.0/0"), List.of()), List.of("0.0.0.0/0"));
        assertTrue(explicit.stream().anyMatch(r -> !r.egress() && "0.0.0.0/0".equals(r.peerCidr()) && r.fromPort() == 8501));
    }

    @Test
    void everyRuleCarriesTheFactorysMarkSoALaterRunKnowsWhatItOwns() {
        List<SecurityGroupRule> rules = SecurityGroupPlan.serverRules(spec(List.of(), List.of("10.1.0.0/16")), List.of("10.0.0.0/16"));

        assertTrue(rules.stream().allMatch(SecurityGroupRule::ownedByFactory));
        assertTrue(rules.stream().allMatch(r -> r.description().length() <= 255
                && r.description().matches("[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]+")), "AWS's allowed description characters");
        assertFalse(new SecurityGroupRule(false, "tcp", 8500, 8500, "10.0.0.0/16", "added by an operator").ownedByFactory());
    }

    @Test
    void rulesDifferingOnlyInDescriptionAreTheSameRule() {
        SecurityGroupRule a = new SecurityGroupRule(false, "tcp", 8500, 8500, "10.0.0.0/16", "one");
        SecurityGroupRule b = new SecurityGroupRule(false, "tcp", 8500, 8500, "10.0.0.0/16", "two");
        SecurityGroupRule egress = new SecurityGroupRule(true, "tcp", 8500, 8500, "10.0.0.0/16", "one");

        assertTrue(a.sameAs(b));
        assertFalse(a.sameAs(egress));
    }
}
