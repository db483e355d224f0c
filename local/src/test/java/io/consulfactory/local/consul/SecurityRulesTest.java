package io.consulfactory.local.consul;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.consulfactory.local.consul.SecurityFixtures.gossipKey;
import static io.consulfactory.local.consul.SecurityFixtures.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport rules for every pair of the contract's stages, and the mismatches. Expected: each stage talks to
 * itself and to the next one (the documented three-step upgrades of gossip encryption and TLS), nothing else.
 */
class SecurityRulesTest {

    private static final String KEY = gossipKey("dc1");
    private static final String OTHER_KEY = gossipKey("dc2");

    /** Row: stage of A; column: stage of B; true when gossip and RPC both work both ways. */
    private static final boolean[][] TALK = {
            //       0      1      2      3
            /* 0 */ {true, true, false, false},
            /* 1 */ {true, true, true, false},
            /* 2 */ {false, true, true, true},
            /* 3 */ {false, false, true, true},
    };

    @Test
    void everyPairOfStagesTalksOnlyToItselfAndItsNeighbours() {
        for (int a = 0; a <= 3; a++) {
            for (int b = 0; b <= 3; b++) {
                ServerSecurity sa = security(a, KEY, "ca-1");
                ServerSecurity sb = security(b, KEY, "ca-1");
                String pair = "stage " + a + " with stage " + b;
                assertEquals(TALK[a][b], SecurityRules.gossip(sa, sb), "gossip, " + pair);
                assertEquals(TALK[a][b], SecurityRules.rpc(sa, sb), "rpc, " + pair);
                assertEquals(SecurityRules.gossip(sa, sb), SecurityRules.gossip(sb, sa), "symmetric, " + pair);
            }
        }
    }

    @Test
    void aNaiveRollFromStage0ToStage3IsRefusedEachWayWithTheAgentsReasons() {
        ServerSecurity old = security(0, null, null);
        ServerSecurity secure = security(3, KEY, "ca-1");

        assertEquals("encrypted gossip reached a server without a gossip key", SecurityRules.gossipRefusal(secure, old));
        assertEquals("plaintext gossip refused: encrypt_verify_incoming is on", SecurityRules.gossipRefusal(old, secure));
        assertEquals("TLS to a server without a certificate", SecurityRules.rpcRefusal(secure, old));
        assertEquals("plaintext RPC refused: verify_incoming is on", SecurityRules.rpcRefusal(old, secure));
    }

    @Test
    void theUpgradeStepsAreOneWayTolerantWhereTheDocsSayTheyMustBe() {
        // stage 2 encrypts and speaks TLS; stage 1 takes it (same key and CA) and sends plaintext, which 2 still takes.
        assertNull(SecurityRules.gossipRefusal(security(2, KEY, "ca-1"), security(1, KEY, "ca-1")));
        assertNull(SecurityRules.gossipRefusal(security(1, KEY, "ca-1"), security(2, KEY, "ca-1")));
        assertNull(SecurityRules.rpcRefusal(security(2, KEY, "ca-1"), security(1, KEY, "ca-1")));
        assertNull(SecurityRules.rpcRefusal(security(1, KEY, "ca-1"), security(2, KEY, "ca-1")));
        // stage 1 sends plaintext, which stage 3 no longer takes.
        assertEquals("plaintext gossip refused: encrypt_verify_incoming is on",
                SecurityRules.gossipRefusal(security(1, KEY, "ca-1"), security(3, KEY, "ca-1")));
    }

    @Test
    void anotherGossipKeyPartitionsGossipOnceEncryptionIsEnforcedAndAnotherCaPartitionsRpc() {
        Map<Integer, boolean[]> otherKey = Map.of(1, new boolean[]{true, true}, 2, new boolean[]{false, true},
                3, new boolean[]{false, true}); // {gossip, rpc}
        Map<Integer, boolean[]> otherCa = Map.of(1, new boolean[]{true, true}, 2, new boolean[]{true, false},
                3, new boolean[]{true, false});
        for (int stage = 1; stage <= 3; stage++) {
            ServerSecurity ours = security(stage, KEY, "ca-1");
            ServerSecurity keyed = security(stage, OTHER_KEY, "ca-1");
            ServerSecurity signed = security(stage, KEY, "ca-2");
            assertEquals(otherKey.get(stage)[0], SecurityRules.gossip(ours, keyed), "another key, gossip, stage " + stage);
            assertEquals(otherKey.get(stage)[1], SecurityRules.rpc(ours, keyed), "another key, rpc, stage " + stage);
            assertEquals(otherCa.get(stage)[0], SecurityRules.gossip(ours, signed), "another CA, gossip, stage " + stage);
            assertEquals(otherCa.get(stage)[1], SecurityRules.rpc(ours, signed), "another CA, rpc, stage " + stage);
        }
        assertEquals("No installed keys could decrypt the message",
                SecurityRules.gossipRefusal(security(3, KEY, "ca-1"), security(3, OTHER_KEY, "ca-1")));
        assertEquals("x509: certificate signed by unknown authority",
                SecurityRules.rpcRefusal(security(3, KEY, "ca-1"), security(3, KEY, "ca-2")));
    }

    @Test
    void theFlagsComeFromTheSecurityJsonAndTheConsoleFieldsFollowTheContract() {
        assertNull(SecuritySettings.fromUserData("#!/bin/bash\necho consul-boot: no security here\n"), "an earlier release");
        assertNull(ServerSecurity.INSECURE.consoleFields(), "an earlier release's boot script prints none");
        assertEquals("gossip=verified tls=off acl=off", consoleFieldsOfAnEmptySecurityFile());
        assertEquals("gossip=on tls=on acl=allow", security(1, KEY, "ca-1").consoleFields());
        assertEquals("gossip=on tls=on acl=allow", security(2, KEY, "ca-1").consoleFields());
        assertEquals("gossip=verified tls=verified acl=deny", security(3, KEY, "ca-1").consoleFields());

        SecuritySettings three = SecuritySettings.fromUserData(SecurityFixtures.assignments(3, "dc1"));
        assertEquals(new SecuritySettings(3, true, true, true, true, true, true, true, "deny",
                "consul-cluster-factory/dc1/client", "consul-cluster-factory/dc1/server"), three);
        // The JSON decides, not the number: stage 1's file under a "3" is stage 1's flags.
        String lying = SecurityFixtures.assignments(1, "dc1").replace("SECURITY_STAGE='1'", "SECURITY_STAGE='3'");
        assertFalse(SecuritySettings.fromUserData(lying).verifyIncoming());
        assertThrows(IllegalArgumentException.class,
                () -> SecuritySettings.fromUserData("SECURITY_CONFIG_B64='bm90IGpzb24='\n"), "not JSON");
    }

    /** A file that sets nothing: Consul's defaults (encrypt_verify_* true, no TLS, no ACLs) with the secret's key. */
    private static String consoleFieldsOfAnEmptySecurityFile() {
        String empty = "SECURITY_STAGE='1'\nSECURITY_CONFIG_B64='" + java.util.Base64.getEncoder().encodeToString("{}".getBytes())
                + "'\nCLIENT_SECRET_ID='c'\nSERVER_SECRET_ID='s'\n";
        try {
            return ServerSecurity.read(SecuritySettings.fromUserData(empty),
                    new SecurityFixtures.Secrets().put("c", SecurityFixtures.clientSecret(KEY, "ca-1"))
                            .put("s", SecurityFixtures.serverSecret("ca-1", "t"))).consoleFields();
        } catch (ServerSecurity.SecretsUnreadable e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void secretsThatAreMissingOrMalformedStopTheBootWithAReasonAndNeverShowASecret() {
        SecuritySettings settings = SecuritySettings.fromUserData(SecurityFixtures.assignments(3, "dc1"));
        SecurityFixtures.Secrets none = new SecurityFixtures.Secrets();
        assertEquals("could not read the cluster's secrets: ResourceNotFoundException: Secrets Manager can't find the specified"
                + " secret. (consul-cluster-factory/dc1/client)",
                assertThrows(ServerSecurity.SecretsUnreadable.class, () -> ServerSecurity.read(settings, none)).getMessage());
        SecurityFixtures.Secrets broken = new SecurityFixtures.Secrets().cluster("dc1", KEY, "ca-1")
                .put("consul-cluster-factory/dc1/server", "{\"server_cert\": \"x\"}");
        assertEquals("could not read the cluster's secrets: consul-cluster-factory/dc1/server has no server_key",
                assertThrows(ServerSecurity.SecretsUnreadable.class, () -> ServerSecurity.read(settings, broken)).getMessage());
        SecurityFixtures.Secrets badKey = new SecurityFixtures.Secrets().cluster("dc1", "c2hvcnQ=", "ca-1");
        assertTrue(assertThrows(ServerSecurity.SecretsUnreadable.class, () -> ServerSecurity.read(settings, badKey))
                .getMessage().endsWith("gossip_key is not the base64 of a 32-byte key"));

        ServerSecurity s = security(3, KEY, "ca-1");
        String shown = s + " " + s.view();
        assertFalse(shown.contains(KEY), shown);
        assertFalse(shown.contains(s.tokens().status()), shown);
        assertTrue(s.view().gossipKeyFingerprint().matches("sha256:[0-9a-f]{12}"), shown);
        assertEquals(Optional.of(s.view().caFingerprint()), Optional.ofNullable(security(2, OTHER_KEY, "ca-1").view().caFingerprint()),
                "the same CA, the same fingerprint");
    }
}
