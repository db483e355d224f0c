package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MetadataOptions.InstanceMetadataTags in launch template data. */
@ExtendWith(LocalAwsExtension.class)
class LaunchTemplateMetadataTagsTest {

    private final Ec2Client ec2 = AwsClients.ec2();

    private LaunchTemplateInstanceMetadataOptions metadata(String templateId, String version) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).versions(version))
                .launchTemplateVersions().get(0).launchTemplateData().metadataOptions();
    }

    @Test
    void instanceMetadataTagsAreKeptAndDescribedAndCarriedToNewVersions() {
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName("tags-in-imds").launchTemplateData(d -> d
                .imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small")
                .metadataOptions(m -> m.httpTokens("required").instanceMetadataTags("enabled")))).launchTemplate().launchTemplateId();

        assertEquals(LaunchTemplateInstanceMetadataTagsState.ENABLED, metadata(id, "1").instanceMetadataTags());
        assertEquals("required", metadata(id, "1").httpTokensAsString());

        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("1").launchTemplateData(d -> d
                .instanceType("t3.medium")));
        assertEquals(LaunchTemplateInstanceMetadataTagsState.ENABLED, metadata(id, "2").instanceMetadataTags(),
                "a version made from another keeps what it does not change");
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(d -> d.imageId(Ec2Images.UBUNTU_AMD64)
                .metadataOptions(m -> m.instanceMetadataTags("disabled"))));
        assertEquals(LaunchTemplateInstanceMetadataTagsState.DISABLED, metadata(id, "3").instanceMetadataTags());
    }

    @Test
    void withoutTheOptionNothingIsDescribedAndABadValueIsRefused() {
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName("plain").launchTemplateData(d -> d
                .imageId(Ec2Images.UBUNTU_AMD64))).launchTemplate().launchTemplateId();
        assertNull(metadata(id, "1"));

        Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.createLaunchTemplate(r -> r.launchTemplateName("odd")
                .launchTemplateData(d -> d.imageId(Ec2Images.UBUNTU_AMD64).metadataOptions(m -> m.instanceMetadataTags("sometimes")))));

        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertEquals(1, ec2.describeLaunchTemplates().launchTemplates().size(), "the refused template was not made");
    }
}
