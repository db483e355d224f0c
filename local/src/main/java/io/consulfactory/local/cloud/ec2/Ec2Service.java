package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.util.List;

/**
 * EC2 (its own query protocol, API version 2016-11-15): the doorway. Each action goes to the wire of its area,
 * which reads the parameters, calls the area's state and renders the answer; the areas share one tag store
 * ({@link Ec2Tags}) and one filter engine ({@link Ec2Filters}). See the package's javadoc for the map.
 */
public final class Ec2Service implements LocalService {

    private final LocalAws aws;
    private final Ec2Tags tags = new Ec2Tags();
    private final Ec2TagsWire tagsWire = new Ec2TagsWire(tags);
    private final Ec2SecurityGroupsWire securityGroupsWire;
    private final Ec2NetworkWire networkWire;
    private final Ec2SecurityGroups securityGroups;
    private final Ec2Network network;
    private final Ec2Images images;
    private final Ec2Instances instances;
    private final Ec2LaunchTemplates launchTemplates;
    private final Ec2Hosts hosts;
    private final Ec2InstancesWire instancesWire;
    private final Ec2ImagesWire imagesWire;
    private final Ec2LaunchTemplatesWire launchTemplatesWire;

    public Ec2Service(LocalAws aws) {
        this.aws = aws;
        this.securityGroups = new Ec2SecurityGroups(aws, tags);
        this.network = new Ec2Network(aws, tags, securityGroups);
        this.securityGroupsWire = new Ec2SecurityGroupsWire(securityGroups, tags);
        this.networkWire = new Ec2NetworkWire(network, tags);
        this.images = new Ec2Images(aws, tags);
        this.instances = new Ec2Instances(aws, tags, network, securityGroups, images);
        this.launchTemplates = new Ec2LaunchTemplates(aws, tags, images);
        this.hosts = new Ec2Hosts(aws, instances, images, securityGroups, tags);
        images.connect(instances);
        this.instancesWire = new Ec2InstancesWire(instances, images, tags, securityGroups);
        this.imagesWire = new Ec2ImagesWire(images, instances, tags);
        this.launchTemplatesWire = new Ec2LaunchTemplatesWire(launchTemplates, tags);
        securityGroups.wire(network::hasVpc, instances::usesGroup);
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public Protocol protocol() {
        return Protocol.EC2_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "http://ec2.amazonaws.com/doc/2016-11-15/";
    }

    @Override
    public void reset() {
        instances.reset();
        network.reset();
        securityGroups.reset();
        tags.reset();
        images.reset();
        launchTemplates.reset();
    }

    @Override
    public void advanceTo(java.time.Instant now) {
        instances.advance(now);
    }

    @Override
    public Object handle(AwsRequest request) {
        Ec2Wire.refuseDryRun(request);
        var p = request.params(); // handed to the wires as they are
        return switch (request.action()) {
            case "CreateVpc" -> networkWire.createVpc(p);
            case "CreateSubnet" -> networkWire.createSubnet(p);
            case "DescribeVpcs" -> networkWire.describeVpcs(p);
            case "DescribeSubnets" -> networkWire.describeSubnets(p);
            case "CreateSecurityGroup" -> securityGroupsWire.create(p);
            case "DeleteSecurityGroup" -> securityGroupsWire.delete(p);
            case "DescribeSecurityGroups" -> securityGroupsWire.describe(p);
            case "AuthorizeSecurityGroupIngress" -> securityGroupsWire.authorize(p, false);
            case "AuthorizeSecurityGroupEgress" -> securityGroupsWire.authorize(p, true);
            case "RevokeSecurityGroupIngress" -> securityGroupsWire.revoke(p, false);
            case "RevokeSecurityGroupEgress" -> securityGroupsWire.revoke(p, true);
            case "RunInstances" -> instancesWire.run(p);
            case "DescribeInstances" -> instancesWire.describe(p);
            case "TerminateInstances" -> instancesWire.terminate(p);
            case "StopInstances" -> instancesWire.stop(p);
            case "GetConsoleOutput" -> instancesWire.consoleOutput(p);
            case "CreateImage" -> imagesWire.create(p);
            case "DescribeImages" -> imagesWire.describe(p);
            case "DeregisterImage" -> imagesWire.deregister(p);
            case "DescribeSnapshots" -> imagesWire.describeSnapshots(p);
            case "DeleteSnapshot" -> imagesWire.deleteSnapshot(p);
            case "CreateLaunchTemplate" -> launchTemplatesWire.create(p);
            case "CreateLaunchTemplateVersion" -> launchTemplatesWire.createVersion(p);
            case "ModifyLaunchTemplate" -> launchTemplatesWire.modify(p);
            case "DeleteLaunchTemplate" -> launchTemplatesWire.delete(p);
            case "DescribeLaunchTemplates" -> launchTemplatesWire.describe(p);
            case "DescribeLaunchTemplateVersions" -> launchTemplatesWire.describeVersions(p);
            case "DescribeInstanceTypes" -> Ec2InstanceTypesWire.describe(p);
            case "CreateTags" -> tagsWire.createTags(p);
            case "DeleteTags" -> tagsWire.deleteTags(p);
            case "DescribeTags" -> tagsWire.describeTags(p);
            default -> throw Ec2Errors.invalidAction(request.action());
        };
    }

    /** EC2 as the software on its instances meets it: for the guest models (the Consul model). */
    public Ec2Hosts hosts() {
        return hosts;
    }

    // Seeding and read access for tests and the standalone server: under the same lock as the calls.

    public String addVpc(String cidr) {
        synchronized (aws) {
            return network.addVpc(cidr);
        }
    }

    public String addSubnet(String vpcId, String cidr, String availabilityZone) {
        synchronized (aws) {
            return network.addSubnet(vpcId, cidr, availabilityZone);
        }
    }

    /** A VPC 10.0.0.0/16 with three subnets in us-east-1a, b and c, with made-up ids. */
    public Network seedDefaultNetwork() {
        synchronized (aws) {
            return seedNetwork(aws.newId("vpc"), List.of(aws.newId("subnet"), aws.newId("subnet"), aws.newId("subnet")));
        }
    }

    /** The same network with the given ids (three subnet ids), as an example input names them. */
    public Network seedNetwork(String vpcId, List<String> subnetIds) {
        synchronized (aws) {
            network.addVpc(vpcId, "10.0.0.0/16");
            for (int i = 0; i < subnetIds.size(); i++) {
                network.addSubnet(subnetIds.get(i), vpcId, "10.0." + (i + 1) + ".0/24", "us-east-1" + (char) ('a' + i));
            }
            return new Network(vpcId, "10.0.0.0/16", List.copyOf(subnetIds));
        }
    }

    // Auto Scaling's view of EC2, called under the same lock while it simulates.

    /** An instance Auto Scaling launched: its id, the template version used, its availability zone. */
    public record Launched(String instanceId, String launchTemplateId, String launchTemplateName, int version,
                           String availabilityZone, String instanceType) {
    }

    /** Launches one instance from a launch template version into a subnet, with extra (propagated) tags. */
    public Launched launchFromTemplate(String templateId, String templateName, String versionRef, String subnetId,
                                       java.util.Map<String, String> extraTags) {
        Ec2LaunchTemplates.Resolved lt = launchTemplates.resolve(templateId, templateName, versionRef);
        Ec2Instances.Instance i = instancesWire.launchFromTemplate(lt, subnetId, extraTags);
        return new Launched(i.id, lt.templateId(), lt.templateName(), lt.version(), i.availabilityZone, i.instanceType);
    }

    /** The version number a template reference ({@code 3}, {@code $Default}, {@code $Latest}) stands for now. */
    public int launchFromTemplateVersion(String templateId, String templateName, String versionRef) {
        return launchTemplates.resolve(templateId, templateName, versionRef).version();
    }

    public String launchTemplateId(String templateId, String templateName) {
        return launchTemplates.resolve(templateId, templateName, "$Default").templateId();
    }

    public String launchTemplateName(String templateId) {
        return launchTemplates.resolve(templateId, null, "$Default").templateName();
    }

    public boolean subnetExists(String subnetId) {
        try {
            network.subnet(subnetId);
            return true;
        } catch (AwsError e) {
            return false;
        }
    }

    public String availabilityZoneOf(String subnetId) {
        return network.subnet(subnetId).availabilityZone();
    }

    /** The instance's EC2 state name, or {@code null} once EC2 has forgotten it. */
    public String instanceState(String instanceId) {
        Ec2Instances.Instance i = instances.find(instanceId);
        return i == null ? null : i.state.awsName;
    }

    /** The image an instance runs, or {@code null} once EC2 has forgotten it. */
    public String instanceImage(String instanceId) {
        Ec2Instances.Instance i = instances.find(instanceId);
        return i == null ? null : i.imageId;
    }

    /**
     * When the instance first entered the state ({@code "running"}, {@code "stopped"}, …), or {@code null} if it
     * has not (or EC2 has forgotten it): when a resource became ready, for detection-delay figures.
     */
    public java.time.Instant instanceEntered(String instanceId, String state) {
        synchronized (aws) {
            Ec2Instances.Instance i = instances.find(instanceId);
            return i == null ? null : i.entered.entrySet().stream().filter(e -> e.getKey().awsName.equals(state))
                    .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /** When the image becomes (or became) available, or {@code null} if it fails or is unknown. */
    public java.time.Instant imageAvailableAt(String imageId) {
        synchronized (aws) {
            return images.availableAt(imageId);
        }
    }

    public void terminateInstance(String instanceId, String reason) {
        Ec2Instances.Instance i = instances.find(instanceId);
        if (i != null) {
            instances.terminate(i, aws.clock().now(), reason);
        }
    }

    /** How long EC2 takes from now on (boot, install, stop, terminate, image). */
    public void timings(Ec2Timings timings) {
        synchronized (aws) {
            instances.timings(timings);
        }
    }

    public Ec2Timings timings() {
        synchronized (aws) {
            return instances.timings();
        }
    }

    /**
     * The account's "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" quota (L-1216C47A), in vCPUs,
     * from now on (default {@value Ec2Capacity#DEFAULT_STANDARD_VCPUS}; a reset restores it): a RunInstances, or an
     * Auto Scaling launch, that would go over it is refused with {@code VcpuLimitExceeded} (see {@link Ec2Capacity}).
     */
    public void onDemandStandardVcpuQuota(int vcpus) {
        synchronized (aws) {
            instances.capacity().standardVcpuQuota(vcpus);
        }
    }

    public int onDemandStandardVcpuQuota() {
        synchronized (aws) {
            return instances.capacity().standardVcpuQuota();
        }
    }

    /**
     * From now on the availability zone ({@code "us-east-1a"}) has no capacity: every launch into a subnet of it,
     * RunInstances' or Auto Scaling's, is refused with {@code InsufficientInstanceCapacity} (HTTP 500, so the SDK
     * retries it first) until {@link #clearInsufficientCapacity(String)} or a reset.
     */
    public void insufficientCapacity(String availabilityZone) {
        synchronized (aws) {
            instances.capacity().withoutCapacity(availabilityZone, true);
        }
    }

    /** The zone has capacity again. */
    public void clearInsufficientCapacity(String availabilityZone) {
        synchronized (aws) {
            instances.capacity().withoutCapacity(availabilityZone, false);
        }
    }

    /** What the bake script of builders launched from now on does. */
    public void bakeOutcome(BakeOutcome outcome) {
        synchronized (aws) {
            instances.bakeOutcome(outcome);
        }
    }

    /** Canonical publishes a newer Ubuntu 24.04 image for the architecture: its id (the SSM parameter is the test's to move). */
    public String publishUbuntuImage(String architecture) {
        synchronized (aws) {
            return images.publishUbuntu(architecture, aws.clock().now());
        }
    }

    /** The next image made fails, with this reason. */
    public void failNextImage(String reason) {
        synchronized (aws) {
            images.failNextImage(reason);
        }
    }

    /** Every instance EC2 still describes, as "id state" with its tags, for tests to count and inspect. */
    public List<InstanceView> instances() {
        synchronized (aws) {
            aws.simulate();
            return instances.all().stream().map(i -> new InstanceView(i.id, i.state.awsName, i.imageId, i.subnetId,
                    i.privateIp, java.util.Map.copyOf(tags.of(i.id)), i.userData, i.launchTemplateId, i.launchTemplateVersion)).toList();
        }
    }

}
