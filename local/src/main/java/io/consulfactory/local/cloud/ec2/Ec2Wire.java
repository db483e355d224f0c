package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire of the doorway ({@link Ec2Service}) itself: the {@code DryRun} parameter every EC2 action takes, and the
 * launch template data (kept as CreateLaunchTemplate's {@code LaunchTemplateData.*} parameters) that an Auto Scaling
 * launch reads.
 */
final class Ec2Wire {

    private Ec2Wire() {
    }

    /**
     * {@code DryRun=true}: AWS checks the caller's permission and does nothing, answering {@code DryRunOperation}
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). The local AWS grants everything
     * (it does not evaluate IAM policies), so a dry run always "would have succeeded".
     */
    static void refuseDryRun(AwsRequest request) {
        if ("true".equals(request.params().get("DryRun"))) {
            throw Ec2Errors.dryRunOperation();
        }
    }

    /** Launches one instance from a launch template version into a subnet, with extra (propagated) tags. */
    static Ec2Instances.Instance launch(LocalAws aws, Ec2Images images, Ec2Instances instances,
                                        Ec2LaunchTemplates.Resolved lt, String subnetId, Map<String, String> extraTags) {
        QueryParams d = lt.data();
        Ec2Images.Image image = images.launchable(d.required("ImageId"));
        Map<String, String> instanceTags = new LinkedHashMap<>(Ec2TagsWire.fromSpecifications(d, "instance"));
        instanceTags.putAll(extraTags);
        return instances.launch(new Ec2Instances.LaunchRequest(image, d.get("InstanceType", "m1.small"),
                subnetId, d.strings("SecurityGroupId"), d.get("IamInstanceProfile.Arn"),
                Ec2Instances.decodedUserData(d.get("UserData")),
                d.get("MetadataOptions.HttpTokens", "optional"),
                d.integer("MetadataOptions.HttpPutResponseHopLimit") == null ? 1 : d.integer("MetadataOptions.HttpPutResponseHopLimit"),
                "terminate", null, Ec2Instances.volumes(d, image), instanceTags, Ec2TagsWire.fromSpecifications(d, "volume")),
                aws.newId("r"));
    }
}
