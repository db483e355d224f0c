package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.consul.ConsulReleases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instances with EC2's lifecycle on the local clock: pending → running → stopping → stopped, and
 * shutting-down → terminated (then gone from Describe an hour later), as
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html draws it. A builder, recognised
 * by its bake script in the user data, "runs" that script as the test chose ({@link BakeOutcome}): its result line
 * appears on the console and the instance powers itself off, so its shutdown behaviour decides whether it
 * stops or terminates. The state of RunInstances, DescribeInstances, StopInstances, TerminateInstances and
 * GetConsoleOutput; {@link Ec2InstancesWire} reads their parameters and renders their answers.
 */
public final class Ec2Instances {

    private static final Pattern BAKE_VERSION = Pattern.compile("CONSUL_VERSION='([^']*)'");
    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html: terminated instances remain visible for about an hour. */
    private static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);
    /** How much console EC2 keeps (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html). */
    static final int CONSOLE_BYTES = 64 * 1024;

    /** The instance states and their codes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html). */
    enum State {
        PENDING("pending", 0), RUNNING("running", 16), SHUTTING_DOWN("shutting-down", 32), TERMINATED("terminated", 48),
        STOPPING("stopping", 64), STOPPED("stopped", 80);

        final String awsName;
        final int code;

        State(String awsName, int code) {
            this.awsName = awsName;
            this.code = code;
        }
    }

    /** One EBS volume attached at launch. */
    record Volume(String deviceName, String volumeId, String volumeType, boolean encrypted, int sizeGiB) {
    }

    /** A simulated instance. Package-private state; mutated only under LocalAws's lock. */
    static final class Instance {
        final String id;
        final String reservationId;
        final String imageId;
        final String instanceType;
        final String architecture;
        final String subnetId;
        final String vpcId;
        final String availabilityZone;
        final String privateIp;
        final List<String> groupIds;
        final String profileArn;
        final String userData;
        final String httpTokens;
        final int hopLimit;
        final String shutdownBehavior;
        final String clientToken;
        final String rootDeviceName;
        final List<Volume> volumes;
        final Instant launchTime;
        final BakeOutcome bake;
        /** Set by Auto Scaling for the instances it launches: the launch template version used. */
        String launchTemplateId;
        String launchTemplateVersion;
        State state = State.PENDING;
        Instant stateSince;
        /** When the instance first entered each state: the moment a resource became ready, for benchmarks. */
        final Map<State, Instant> entered = new java.util.EnumMap<>(State.class);
        String reason = "";
        String stateReasonCode;
        String stateReasonMessage;
        final List<String> consoleLines = new ArrayList<>();
        /** How much of the console a plain (not Latest) GetConsoleOutput sees: the copy at the last state change. */
        int consoleSnapshot;

        Instance(String id, String reservationId, String imageId, String instanceType, String architecture, String subnetId,
                 String vpcId, String availabilityZone, String privateIp, List<String> groupIds, String profileArn,
                 String userData, String httpTokens, int hopLimit, String shutdownBehavior, String clientToken,
                 String rootDeviceName, List<Volume> volumes, Instant launchTime, BakeOutcome bake) {
            this.id = id;
            this.reservationId = reservationId;
            this.imageId = imageId;
            this.instanceType = instanceType;
            this.architecture = architecture;
            this.subnetId = subnetId;
            this.vpcId = vpcId;
            this.availabilityZone = availabilityZone;
            this.privateIp = privateIp;
            this.groupIds = groupIds;
            this.profileArn = profileArn;
            this.userData = userData;
            this.httpTokens = httpTokens;
            this.hopLimit = hopLimit;
            this.shutdownBehavior = shutdownBehavior;
            this.clientToken = clientToken;
            this.rootDeviceName = rootDeviceName;
            this.volumes = volumes;
            this.launchTime = launchTime;
            this.bake = bake;
            this.stateSince = launchTime;
            this.entered.put(State.PENDING, launchTime);
        }

        boolean isBuilder() {
            return userData != null && userData.contains("CONSUL_BAKE_RESULT");
        }

        boolean alive() {
            return state != State.TERMINATED && state != State.SHUTTING_DOWN;
        }
    }

    private final LocalAws aws;
    private final Ec2Tags tags;
    private final Ec2Network network;
    private final Ec2SecurityGroups groups;
    private final Ec2Images images;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Integer> nextHost = new LinkedHashMap<>();
    private Ec2Timings timings = Ec2Timings.realistic();
    private BakeOutcome bakeOutcome = BakeOutcome.succeed();
    private final Ec2Capacity capacity = new Ec2Capacity();

    Ec2Instances(LocalAws aws, Ec2Tags tags, Ec2Network network, Ec2SecurityGroups groups, Ec2Images images) {
        this.aws = aws;
        this.tags = tags;
        this.network = network;
        this.groups = groups;
        this.images = images;
    }

    void reset() {
        instances.clear();
        nextHost.clear();
        timings = Ec2Timings.realistic();
        bakeOutcome = BakeOutcome.succeed();
        capacity.reset();
    }

    /** The account's vCPU quota and the zones' capacity (see {@link Ec2Capacity}). */
    Ec2Capacity capacity() {
        return capacity;
    }

    /** The vCPUs the standard On-Demand quota counts now: every instance pending, running, stopping or shutting down. */
    private int standardVcpusInUse() {
        return instances.values().stream().filter(i -> i.state != State.STOPPED && i.state != State.TERMINATED)
                .map(i -> Ec2InstanceTypes.find(i.instanceType)).filter(t -> t != null && Ec2Capacity.standard(t))
                .mapToInt(Ec2InstanceTypes.Type::vcpus).sum();
    }

    void timings(Ec2Timings timings) {
        this.timings = timings;
    }

    Ec2Timings timings() {
        return timings;
    }

    void bakeOutcome(BakeOutcome outcome) {
        this.bakeOutcome = outcome;
    }

    /** Whether any instance that is not terminated uses the group (it cannot be deleted then). */
    boolean usesGroup(String groupId) {
        return instances.values().stream().anyMatch(i -> i.state != State.TERMINATED && i.groupIds.contains(groupId));
    }

    /** Brings every instance up to {@code now}, event by event. */
    void advance(Instant now) {
        for (Instance instance : instances.values()) {
            advance(instance, now);
        }
        instances.values().removeIf(i -> i.state == State.TERMINATED && !now.isBefore(i.stateSince.plus(FORGOTTEN_AFTER)));
    }

    private void advance(Instance i, Instant now) {
        while (true) {
            Instant at;
            Runnable change;
            switch (i.state) {
                case PENDING -> {
                    at = i.stateSince.plus(timings.boot());
                    change = () -> {
                        enter(i, State.RUNNING, i.stateSince.plus(timings.boot()), "");
                        // What runs the servers' boot script from here on is the Consul model (local/consul), not EC2.
                        console(i, "Cloud-init v. 24.4 running 'modules:final'");
                    };
                }
                case RUNNING -> {
                    if (!i.isBuilder() || i.bake.kind() == BakeOutcome.Kind.HANG) {
                        return;
                    }
                    at = i.stateSince.plus(timings.install());
                    change = () -> {
                        Instant when = i.stateSince.plus(timings.install());
                        console(i, bakeResult(i));
                        console(i, "reboot: Power down");
                        powerOff(i, when);
                    };
                }
                case STOPPING -> {
                    at = i.stateSince.plus(timings.stop());
                    change = () -> enter(i, State.STOPPED, i.stateSince.plus(timings.stop()), i.reason);
                }
                case SHUTTING_DOWN -> {
                    at = i.stateSince.plus(timings.terminate());
                    change = () -> enter(i, State.TERMINATED, i.stateSince.plus(timings.terminate()), i.reason);
                }
                default -> {
                    return;
                }
            }
            if (at.isAfter(now)) {
                return;
            }
            change.run();
        }
    }

    /** The OS powered off: EC2 applies the instance-initiated shutdown behaviour. */
    private void powerOff(Instance i, Instant when) {
        String reason = "Client.InstanceInitiatedShutdown: Instance initiated shutdown";
        i.stateReasonCode = "Client.InstanceInitiatedShutdown";
        i.stateReasonMessage = "Client.InstanceInitiatedShutdown: Instance initiated shutdown";
        enter(i, i.shutdownBehavior.equals("terminate") ? State.SHUTTING_DOWN : State.STOPPING, when, reason);
    }

    private static void enter(Instance i, State state, Instant when, String reason) {
        i.state = state;
        i.stateSince = when;
        i.entered.putIfAbsent(state, when);
        i.reason = reason;
        i.consoleSnapshot = i.consoleLines.size();
    }

    private static void console(Instance i, String line) {
        i.consoleLines.add(line);
    }

    /** A line the software on a running instance writes to its console (/dev/console). */
    void appendConsole(Instance i, String line) {
        if (i.state == State.RUNNING) {
            console(i, line);
        }
    }

    /**
     * The instance's host fails: EC2 stops it, with no shutdown of its operating system (nothing on it gets
     * a signal). Simplification: the stop EC2 makes of an EBS-backed instance on degraded hardware (instance
     * retirement), at once and with its state reason Server.ScheduledStop
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StateReason.html); a real host failure first shows as
     * failed status checks, which the local EC2 does not have.
     */
    void failHardware(Instance i, Instant when) {
        if (i.state == State.RUNNING || i.state == State.PENDING) {
            i.stateReasonCode = "Server.ScheduledStop";
            i.stateReasonMessage = "Server.ScheduledStop: Stopped due to scheduled retirement";
            enter(i, State.STOPPING, when, "Server.ScheduledStop: Stopped due to scheduled retirement");
        }
    }

    /**
     * The line the builder's bake script prints: the test's outcome, except that a version HashiCorp never released
     * fails its download as the real script's does ({@link ConsulReleases}).
     */
    private static String bakeResult(Instance i) {
        String version = bakeVersion(i);
        if (i.bake.kind() != BakeOutcome.Kind.SUCCEED) {
            return "CONSUL_BAKE_RESULT=FAILED reason=" + i.bake.reason();
        }
        return ConsulReleases.published(version) ? "CONSUL_BAKE_RESULT=OK version=" + version
                : ConsulReleases.downloadFailedLine(version, i.architecture);
    }

    private static String bakeVersion(Instance i) {
        Matcher m = BAKE_VERSION.matcher(i.userData);
        return m.find() ? m.group(1) : "unknown";
    }

    // ---- the calls, with typed arguments ----

    /** The instances an earlier RunInstances with this client token launched (none for a new token or none). */
    List<Instance> launchedWith(String clientToken) {
        if (clientToken == null) {
            return List.of();
        }
        return instances.values().stream().filter(i -> clientToken.equals(i.clientToken)).toList();
    }

    /** RunInstances' MinCount and MaxCount: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html. */
    static void requireCounts(int min, int max) {
        if (min < 1 || max < min) {
            throw Ec2Errors.invalidInstanceCount();
        }
    }

    /** The instance profile a launch names (by ARN or by name), once IAM has made it usable by EC2; {@code null} for none. */
    String profileArn(String arn, String name) {
        if (arn == null && name == null) {
            return null;
        }
        String given = arn != null ? arn : name;
        if (!aws.iam().instanceProfileUsableByEc2(given)) {
            // What EC2 answers while IAM has not propagated a new profile (or for one that does not exist).
            throw Ec2Errors.invalidIamInstanceProfile(given, arn != null);
        }
        return aws.iam().instanceProfile(given).orElseThrow().arn();
    }

    /** A new reservation and how many instances of the type, from {@code min} to {@code max}, it may launch. */
    record Reservation(String id, int count) {
    }

    Reservation reserve(Ec2InstanceTypes.Type type, int min, int max) {
        String id = aws.newId("r");
        return new Reservation(id, capacity.fitting(type, standardVcpusInUse(), min, max));
    }

    /** What a launch needs: from RunInstances, or from Auto Scaling's launch template. */
    record LaunchRequest(Ec2Images.Image image, String instanceType, String subnetId, List<String> groupIds,
                         String profileArn, String userData, String httpTokens, int hopLimit, String shutdownBehavior,
                         String clientToken, List<VolumeRequest> volumes, Map<String, String> instanceTags,
                         Map<String, String> volumeTags) {
    }

    record VolumeRequest(String deviceName, String volumeType, boolean encrypted, int sizeGiB) {
    }

    /** Launches one instance after EC2's checks; used by RunInstances and by Auto Scaling. */
    Instance launch(LaunchRequest r, String reservationId) {
        Ec2InstanceTypes.Type type = Ec2InstanceTypes.offered(r.instanceType());
        if (!type.architectures().contains(r.image().architecture())) {
            String wanted = type.architectures().get(type.architectures().size() - 1);
            throw Ec2Errors.architectureMismatch(wanted, r.image().architecture());
        }
        if (r.subnetId() == null) {
            throw Ec2Errors.missingSubnetId();
        }
        Ec2Network.Subnet subnet = network.subnet(r.subnetId());
        for (String groupId : r.groupIds()) {
            String groupVpc = groups.vpcOf(groupId);
            if (!groupVpc.equals(subnet.vpcId())) {
                throw Ec2Errors.groupAndSubnetInDifferentNetworks(groupId, subnet.id());
            }
        }
        capacity.requireCapacity(type, subnet.availabilityZone(), network.availabilityZones());
        capacity.fitting(type, standardVcpusInUse(), 1, 1);
        String id = aws.newId("i");
        List<Volume> volumes = new ArrayList<>();
        for (VolumeRequest v : r.volumes()) {
            String volumeId = aws.newId("vol");
            volumes.add(new Volume(v.deviceName(), volumeId, v.volumeType(), v.encrypted(), v.sizeGiB()));
            tags.register(volumeId, "volume");
            tags.of(volumeId).putAll(r.volumeTags());
        }
        Instance instance = new Instance(id, reservationId, r.image().id(), r.instanceType(), r.image().architecture(),
                subnet.id(), subnet.vpcId(), subnet.availabilityZone(), nextIp(subnet), List.copyOf(r.groupIds()),
                r.profileArn(), r.userData(), r.httpTokens(), r.hopLimit(), r.shutdownBehavior(), r.clientToken(),
                r.image().rootDeviceName(), volumes, aws.now(), bakeOutcome);
        instances.put(id, instance);
        tags.register(id, "instance");
        tags.of(id).putAll(r.instanceTags());
        return instance;
    }

    /** The root volume as the image has it. */
    static VolumeRequest rootVolume(Ec2Images.Image image) {
        return new VolumeRequest(image.rootDeviceName(), "gp2", false, image.rootSizeGiB());
    }

    /** The root volume as a block device mapping for the image's root device changes it: never below the snapshot's size. */
    static VolumeRequest rootVolume(Ec2Images.Image image, Integer sizeGiB, String volumeType, boolean encrypted) {
        if (sizeGiB != null && sizeGiB < image.rootSizeGiB()) {
            throw Ec2Errors.volumeSmallerThanSnapshot(sizeGiB, image.rootSnapshotId(), image.rootSizeGiB());
        }
        return new VolumeRequest(image.rootDeviceName(), volumeType, encrypted, sizeGiB == null ? image.rootSizeGiB() : sizeGiB);
    }

    /** Launches one instance in a reservation of its own, as Auto Scaling does from a launch template version. */
    Instance launchFromTemplate(LaunchRequest r, String templateId, int version) {
        Instance i = launch(r, aws.newId("r"));
        i.launchTemplateId = templateId;
        i.launchTemplateVersion = String.valueOf(version);
        return i;
    }

    /**
     * The script the instance runs from its user data, as cloud-init reads it: gzip-compressed user data (its
     * first bytes 1f 8b) is uncompressed first (cloud-init's "User-data formats": compressed content). EC2's
     * 16 KB limit applies to what was given, before base64: compressed, for a compressed script.
     * Simplification: the instance keeps the script's text, not the bytes given.
     */
    static final int MAX_USER_DATA_BYTES = 16 * 1024;

    static String decodedUserData(String base64) {
        if (base64 == null) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw Ec2Errors.invalidUserDataEncoding();
        }
        if (raw.length > MAX_USER_DATA_BYTES) {
            // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html: "limited to 16 KB, in raw form, before it is base64-encoded"
            throw Ec2Errors.userDataTooLarge(MAX_USER_DATA_BYTES);
        }
        if (raw.length > 1 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            } catch (java.io.IOException e) {
                return null; // cloud-init could not read it either: the instance boots without a script
            }
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * The subnet's next free address, in turn from .10. EC2 reserves each subnet's first four addresses and its
     * last (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html); a terminated instance's address is
     * free again. A full subnet is EC2's InsufficientFreeAddressesInSubnet.
     */
    private String nextIp(Ec2Network.Subnet subnet) {
        String[] cidr = subnet.cidr().split("/");
        long network = 0;
        for (String octet : cidr[0].split("\\.")) {
            network = network << 8 | Integer.parseInt(octet);
        }
        long size = 1L << (32 - Integer.parseInt(cidr[1]));
        Set<String> used = new java.util.HashSet<>();
        instances.values().stream().filter(i -> i.subnetId.equals(subnet.id()) && i.state != State.TERMINATED)
                .forEach(i -> used.add(i.privateIp));
        long last = nextHost.getOrDefault(subnet.id(), 9);
        for (long k = 1; k <= size; k++) {
            long host = (last + k) % size;
            long a = network + host;
            String ip = (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
            if (host >= 4 && host < size - 1 && !used.contains(ip)) {
                nextHost.put(subnet.id(), (int) host);
                return ip;
            }
        }
        throw Ec2Errors.insufficientFreeAddressesInSubnet(subnet.id());
    }

    /** The instances DescribeInstances lists before its filters: those named (each must exist), or all. */
    List<Instance> chosen(List<String> ids) {
        for (String id : ids) {
            instance(id);
        }
        return instances.values().stream().filter(i -> ids.isEmpty() || ids.contains(i.id)).toList();
    }

    /** One instance's change of state in a StopInstances or TerminateInstances answer. */
    record StateChange(Instance instance, State before) {
    }

    /**
     * TerminateInstances: every instance named must exist; each starts shutting down
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html: idempotent).
     */
    List<StateChange> terminate(List<String> ids) {
        List<Instance> chosen = ids.stream().map(this::instance).toList();
        List<StateChange> changes = new ArrayList<>();
        for (Instance i : chosen) {
            State before = i.state;
            terminate(i, aws.clock().now(), "User initiated (" + aws.clock().now() + ")");
            changes.add(new StateChange(i, before));
        }
        return changes;
    }

    /** The values of a DescribeInstances filter for the instance; {@code null} for a filter it does not have. */
    static List<String> attribute(Instance i, String name) {
        return switch (name) {
            case "instance-id" -> List.of(i.id);
            case "instance-state-name" -> List.of(i.state.awsName);
            case "instance-state-code" -> List.of(String.valueOf(i.state.code));
            case "image-id" -> List.of(i.imageId);
            case "instance-type" -> List.of(i.instanceType);
            case "subnet-id" -> List.of(i.subnetId);
            case "vpc-id" -> List.of(i.vpcId);
            case "availability-zone" -> List.of(i.availabilityZone);
            case "private-ip-address" -> List.of(i.privateIp);
            case "client-token" -> i.clientToken == null ? List.of() : List.of(i.clientToken);
            case "instance.group-id" -> i.groupIds;
            case "reservation-id" -> List.of(i.reservationId);
            default -> null;
        };
    }

    /** Starts shutting an instance down (a no-op when it is already going or gone). */
    void terminate(Instance i, Instant when, String reason) {
        if (i.alive()) {
            i.stateReasonCode = "Client.UserInitiatedShutdown";
            i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
            enter(i, State.SHUTTING_DOWN, when, reason);
        }
    }

    /**
     * StopInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StopInstances.html): a running or
     * pending instance starts stopping; one shutting down or terminated cannot be stopped.
     */
    List<StateChange> stop(List<String> ids) {
        List<Instance> chosen = ids.stream().map(this::instance).toList();
        List<StateChange> changes = new ArrayList<>();
        for (Instance i : chosen) {
            State before = i.state;
            if (!i.alive()) {
                throw Ec2Errors.incorrectInstanceStateForStop(i.id);
            }
            if (i.state == State.RUNNING || i.state == State.PENDING) {
                i.stateReasonCode = "Client.UserInitiatedShutdown";
                i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
                enter(i, State.STOPPING, aws.clock().now(), "User initiated (" + aws.clock().now() + ")");
            }
            changes.add(new StateChange(i, before));
        }
        return changes;
    }

    /** What GetConsoleOutput answers: the instance, the moment of the copy, the console's last bytes. */
    record ConsoleOutput(String instanceId, Instant timestamp, byte[] output) {
    }

    /**
     * The console as GetConsoleOutput answers it: "Only the most recent 64 KB of console output is available"
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html), whether the buffered copy
     * from the last state change or, with Latest=true, the console as it is now.
     */
    ConsoleOutput consoleOutput(String id, boolean latest) {
        Instance i = instance(id);
        List<String> lines = latest ? i.consoleLines : i.consoleLines.subList(0, i.consoleSnapshot);
        return new ConsoleOutput(i.id, latest ? aws.clock().now() : i.stateSince, lastBytes(lines, CONSOLE_BYTES));
    }

    /** The last {@code limit} bytes of the lines, each ended by \r\n as on the wire: read from the end, so a long console costs no more. */
    static byte[] lastBytes(List<String> lines, int limit) {
        java.util.ArrayDeque<byte[]> tail = new java.util.ArrayDeque<>();
        int size = 0;
        for (int n = lines.size() - 1; n >= 0 && size < limit; n--) {
            byte[] line = (lines.get(n) + "\r\n").getBytes(StandardCharsets.UTF_8);
            tail.addFirst(line);
            size += line.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] line : tail) {
            System.arraycopy(line, 0, all, at, line.length);
            at += line.length;
        }
        return size <= limit ? all : java.util.Arrays.copyOfRange(all, size - limit, size);
    }

    /** The instance, or {@code null} when EC2 does not know (or no longer knows) it. */
    Instance find(String id) {
        return instances.get(id);
    }

    Instance instance(String id) {
        Instance i = instances.get(id);
        if (i == null) {
            if (!id.matches("i-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw Ec2Errors.invalidInstanceIdMalformed(id);
            }
            throw Ec2Errors.invalidInstanceIdNotFound(id);
        }
        return i;
    }

    /** All instances EC2 still describes (any state), for tests and Auto Scaling. */
    List<Instance> all() {
        return List.copyOf(instances.values());
    }
}
