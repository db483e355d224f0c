/**
 * A model of Consul servers that runs on the local AWS's simulated EC2 instances, so that the product's
 * functions, which only read the servers' consoles, cannot tell it from real servers.
 *
 * <ul>
 *   <li>State: {@link io.consulfactory.local.consul.Agent} (one server), {@link io.consulfactory.local.consul.LanPool}
 *       (serf LAN membership), {@link io.consulfactory.local.consul.RaftGroup} (raft configuration, leader, KV
 *       replicas, autopilot state, ACL tokens), {@link io.consulfactory.local.consul.ServerConfig} (what the image
 *       holds), {@link io.consulfactory.local.consul.SecuritySettings} (what the boot user data says about
 *       security) and {@link io.consulfactory.local.consul.ServerSecurity} (that plus the secrets read at boot).</li>
 *   <li>Behaviour: {@link io.consulfactory.local.consul.ConsulModel} (boot, auto-join, bootstrap, elections,
 *       replication, leave; the public API and knobs), {@link io.consulfactory.local.consul.Autopilot},
 *       {@link io.consulfactory.local.consul.GossipNetwork}, {@link io.consulfactory.local.consul.SecurityRules}
 *       (gossip encryption and TLS between two servers), {@link io.consulfactory.local.consul.BootScript}
 *       (the contract's join gate).</li>
 *   <li>Dependencies: {@link io.consulfactory.local.consul.SecretReader} (Secrets Manager, as the servers read it).</li>
 *   <li>Wire: {@link io.consulfactory.local.consul.ConsoleLines} (the console lines of
 *       /work/contract/CONSOLE_PROTOCOL.md) and {@link io.consulfactory.local.consul.ServerApi} (what a server's
 *       HTTP API answers the boot script).</li>
 *   <li>Errors: {@link io.consulfactory.local.consul.ConsulError}.</li>
 *   <li>Views for tests: {@link io.consulfactory.local.consul.ClusterView},
 *       {@link io.consulfactory.local.consul.ServerView}, {@link io.consulfactory.local.consul.SecurityView}; timings: {@link io.consulfactory.local.consul.ConsulTimings}.</li>
 * </ul>
 */
package io.consulfactory.local.consul;
