package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * RunInstances, DescribeInstances, TerminateInstances, StopInstances and GetConsoleOutput on the wire: reads their
 * query parameters in the order EC2 checks them, calls {@link Ec2Instances} with typed values, and renders the
 * answers (reservations, instances, state changes) in EC2's XML. Also reads a launch template version's data for
 * Auto Scaling's launches.
 */
final class Ec2InstancesWire {

    private final Ec2Instances instances;
    private final Ec2Images images;
    private final Ec2Tags tags;
    private final Ec2SecurityGroups groups;

    Ec2InstancesWire(Ec2Instances instances, Ec2Images images, Ec2Tags tags, Ec2SecurityGroups groups) {
        this.instances = instances;
        this.images = images;
        this.tags = tags;
        this.groups = groups;
    }

    /** RunInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html). */
    Object run(QueryParams p) {
        String clientToken = p.get("ClientToken");
        List<Ec2Instances.Instance> earlier = instances.launchedWith(clientToken);
        if (!earlier.isEmpty()) {
            // Idempotent (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html): the same
            // token gets the same reservation back, whatever became of it since.
            return reservation(earlier);
        }
        int min = p.integer("MinCount") == null ? 1 : p.integer("MinCount");
        int max = p.integer("MaxCount") == null ? min : p.integer("MaxCount");
        Ec2Instances.requireCounts(min, max);
        Ec2Images.Image image = images.launchable(p.required("ImageId"));
        String instanceType = p.get("InstanceType", "m1.small");
        Ec2InstanceTypes.Type type = Ec2InstanceTypes.offered(instanceType);
        String profile = instances.profileArn(p.get("IamInstanceProfile.Arn"), p.get("IamInstanceProfile.Name"));
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("instance", "volume"));
        Ec2Instances.Reservation reservation = instances.reserve(type, min, max);
        List<Ec2Instances.Instance> launched = new ArrayList<>();
        for (int n = 0; n < reservation.count(); n++) {
            launched.add(instances.launch(new Ec2Instances.LaunchRequest(image, instanceType, p.get("SubnetId"),
                    p.strings("SecurityGroupId"), profile, Ec2Instances.decodedUserData(p.get("UserData")),
                    // RunInstances' defaults: IMDSv1 allowed (HttpTokens optional), and an instance-initiated shutdown stops.
                    p.get("MetadataOptions.HttpTokens", "optional"), hopLimit(p),
                    p.get("InstanceInitiatedShutdownBehavior", "stop"), clientToken, volumes(p, image),
                    Ec2TagsWire.fromSpecifications(p, "instance"), Ec2TagsWire.fromSpecifications(p, "volume")), reservation.id()));
        }
        return reservation(launched);
    }

    /**
     * One instance from a launch template version's data (its {@code LaunchTemplateData} members), as Auto Scaling
     * launches it into a subnet with extra (propagated) tags: it always terminates on an instance-initiated shutdown.
     */
    Ec2Instances.Instance launchFromTemplate(Ec2LaunchTemplates.Resolved lt, String subnetId, Map<String, String> extraTags) {
        QueryParams d = new QueryParams(lt.data());
        Ec2Images.Image image = images.launchable(d.required("ImageId"));
        Map<String, String> instanceTags = new LinkedHashMap<>(Ec2TagsWire.fromSpecifications(d, "instance"));
        instanceTags.putAll(extraTags);
        return instances.launchFromTemplate(new Ec2Instances.LaunchRequest(image, d.get("InstanceType", "m1.small"),
                subnetId, d.strings("SecurityGroupId"), d.get("IamInstanceProfile.Arn"),
                Ec2Instances.decodedUserData(d.get("UserData")), d.get("MetadataOptions.HttpTokens", "optional"),
                hopLimit(d), "terminate", null, volumes(d, image), instanceTags, Ec2TagsWire.fromSpecifications(d, "volume")),
                lt.templateId(), lt.version());
    }

    /**
     * {@code MetadataOptions.HttpPutResponseHopLimit}, 1 when not given
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html).
     */
    private static int hopLimit(QueryParams p) {
        return p.integer("MetadataOptions.HttpPutResponseHopLimit") == null ? 1 : p.integer("MetadataOptions.HttpPutResponseHopLimit");
    }

    /** The root volume: the image's, changed by a {@code BlockDeviceMapping} for its device when given. */
    private static List<Ec2Instances.VolumeRequest> volumes(QueryParams p, Ec2Images.Image image) {
        Ec2Instances.VolumeRequest root = Ec2Instances.rootVolume(image);
        for (QueryParams mapping : p.list("BlockDeviceMapping")) {
            if (image.rootDeviceName().equals(mapping.get("DeviceName"))) {
                root = Ec2Instances.rootVolume(image, mapping.integer("Ebs.VolumeSize"), mapping.get("Ebs.VolumeType", "gp2"),
                        Boolean.parseBoolean(mapping.get("Ebs.Encrypted", "false")));
            }
        }
        return List.of(root);
    }

    /** DescribeInstances: {@code InstanceId.N} (each must exist) and {@code Filter.N}, by reservation. */
    Object describe(QueryParams p) {
        List<Ec2Instances.Instance> chosen = instances.chosen(p.strings("InstanceId"));
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        Map<String, List<Ec2Instances.Instance>> byReservation = new LinkedHashMap<>();
        for (Ec2Instances.Instance i : chosen) {
            if (filters.matches(tags.of(i.id), name -> Ec2Instances.attribute(i, name))) {
                byReservation.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i);
            }
        }
        return node("reservationSet", byReservation.values().stream().map(r -> node("item", reservation(r))).toList());
    }

    Object terminate(QueryParams p) {
        return node("instancesSet", instances.terminate(p.strings("InstanceId")).stream().map(Ec2InstancesWire::stateChange).toList());
    }

    Object stop(QueryParams p) {
        return node("instancesSet", instances.stop(p.strings("InstanceId")).stream().map(Ec2InstancesWire::stateChange).toList());
    }

    Object consoleOutput(QueryParams p) {
        String id = p.required("InstanceId");
        Ec2Instances.ConsoleOutput console = instances.consoleOutput(id, Boolean.parseBoolean(p.get("Latest", "false")));
        return List.of(el("instanceId", console.instanceId()), el("timestamp", console.timestamp().toString()),
                el("output", Base64.getEncoder().encodeToString(console.output())));
    }

    private static Xml stateChange(Ec2Instances.StateChange change) {
        Ec2Instances.Instance i = change.instance();
        Ec2Instances.State before = change.before();
        return node("item", el("instanceId", i.id),
                node("currentState", el("code", i.state.code), el("name", i.state.awsName)),
                node("previousState", el("code", before.code), el("name", before.awsName)));
    }

    /** A reservation's members: RunInstances answers them at the top level, Describe wraps each in an item. */
    private List<Xml> reservation(List<Ec2Instances.Instance> members) {
        return List.of(el("reservationId", members.get(0).reservationId), el("ownerId", LocalAws.ACCOUNT_ID),
                node("groupSet"), node("instancesSet", members.stream().map(this::instanceXml).toList()));
    }

    private Xml instanceXml(Ec2Instances.Instance i) {
        boolean terminated = i.state == Ec2Instances.State.TERMINATED;
        List<Xml> groupItems = i.groupIds.stream().map(g -> node("item", el("groupId", g), el("groupName", groups.nameOf(g)))).toList();
        List<Xml> volumes = i.volumes.stream().map(v -> node("item", el("deviceName", v.deviceName()), node("ebs",
                el("volumeId", v.volumeId()), el("status", terminated ? "detached" : "attached"),
                el("attachTime", i.launchTime.toString()), el("deleteOnTermination", true)))).toList();
        return node("item",
                el("instanceId", i.id), el("imageId", i.imageId),
                node("instanceState", el("code", i.state.code), el("name", i.state.awsName)),
                el("privateDnsName", "ip-" + i.privateIp.replace('.', '-') + ".ec2.internal"), el("dnsName", ""),
                el("reason", i.reason), el("amiLaunchIndex", 0), node("productCodes"), el("instanceType", i.instanceType),
                el("launchTime", i.launchTime.toString()),
                node("placement", el("availabilityZone", i.availabilityZone), el("groupName", ""), el("tenancy", "default")),
                node("monitoring", el("state", "disabled")),
                terminated ? null : el("subnetId", i.subnetId),
                terminated ? null : el("vpcId", i.vpcId),
                terminated ? null : el("privateIpAddress", i.privateIp),
                el("sourceDestCheck", true), node("groupSet", groupItems),
                i.stateReasonCode == null ? null : node("stateReason", el("code", i.stateReasonCode), el("message", i.stateReasonMessage)),
                el("architecture", i.architecture), el("rootDeviceType", "ebs"), el("rootDeviceName", i.rootDeviceName),
                node("blockDeviceMapping", volumes), el("virtualizationType", "hvm"), el("clientToken", i.clientToken),
                Xml.ec2Tags("tagSet", tags.of(i.id)), el("hypervisor", "xen"),
                i.profileArn == null ? null : node("iamInstanceProfile", el("arn", i.profileArn), el("id", "AIPA" + i.id.substring(2, 18).toUpperCase())),
                el("ebsOptimized", false), el("enaSupport", true),
                node("metadataOptions", el("state", "applied"), el("httpTokens", i.httpTokens),
                        el("httpPutResponseHopLimit", i.hopLimit), el("httpEndpoint", "enabled")),
                el("platformDetails", "Linux/UNIX"), el("usageOperation", "RunInstances"), el("bootMode", "uefi-preferred"));
    }
}
