package io.consulfactory.local.cloud.ssm;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.CatalogueAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

import java.util.ArrayList;
import java.util.List;


/** The real SSM client gets each error of the catalogue with its code, status and message exactly. */
@ExtendWith(LocalAwsExtension.class)
class SsmErrorsTest {

    private static final String CLUSTER = "/consul-cluster-factory/clusters/consul-dc1";

    private final SsmClient ssm = client();

    private static SsmClient client() {
        LocalAwsExtension.localAws();
        return AwsClients.ssm();
    }

    private void put(String name, String value) {
        ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.STRING));
    }

    @Test
    void anOperationSsmDoesNotHaveHere() {
        assertAnswers(SsmErrors.unknownOperation("DescribeParameters"), () -> ssm.describeParameters(r -> { }));
    }

    @Test
    void getParameterNeedsANameAndFindsOnlyWhatExists() {
        assertAnswers(SsmErrors.nameMissing(), () -> ssm.getParameter(r -> { }));
        assertAnswers(SsmErrors.parameterNotFound(CLUSTER), () -> ssm.getParameter(r -> r.name(CLUSTER)));
    }

    @Test
    void putParameterNeedsAFullyQualifiedNameAndAValue() {
        assertAnswers(SsmErrors.nameAndValueRequired(), () -> put("consul-dc1", "{}"));
        assertAnswers(SsmErrors.nameAndValueRequired(), () -> ssm.putParameter(r -> r.name(CLUSTER)));
    }

    @Test
    void namesUnderAwsAreReserved() {
        String name = "/aws/service/mine";

        assertAnswers(SsmErrors.reservedName(name), () -> put(name, "x"));
        assertAnswers(SsmErrors.reservedName(name), () -> ssm.deleteParameter(r -> r.name(name)));
    }

    @Test
    void aStandardParameterHoldsFourKilobytes() {
        assertAnswers(SsmErrors.valueTooLong(), () -> put(CLUSTER, "x".repeat(SsmErrors.STANDARD_VALUE_QUOTA + 1)));
    }

    @Test
    void anExistingParameterIsPutAgainOnlyWithOverwriteAndDeletedOnce() {
        put(CLUSTER, "{}");

        assertAnswers(SsmErrors.parameterAlreadyExists(), () -> put(CLUSTER, "{\"v\":2}"));
        ssm.deleteParameter(r -> r.name(CLUSTER));
        assertAnswers(SsmErrors.parameterNotFound(CLUSTER), () -> ssm.deleteParameter(r -> r.name(CLUSTER)));
    }

    @Test
    void tagsGoOnTheAccountsOwnParametersFiftyAtMost() {
        put(CLUSTER, "{}");
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i <= SsmErrors.TAGS_QUOTA; i++) {
            tags.add(Tag.builder().key("k" + i).value("v").build());
        }

        assertAnswers(SsmErrors.invalidResourceType(), () -> ssm.listTagsForResource(r -> r
                .resourceType(ResourceTypeForTagging.DOCUMENT).resourceId(CLUSTER)));
        assertAnswers(SsmErrors.invalidResourceId(), () -> ssm.listTagsForResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/consul-cluster-factory/none")));
        assertAnswers(SsmErrors.invalidResourceId(), () -> ssm.addTagsToResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(SsmService.UBUNTU_AMD64)
                .tags(Tag.builder().key("k").value("v").build())));
        assertAnswers(SsmErrors.tooManyTags(), () -> ssm.addTagsToResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(CLUSTER).tags(tags)));
    }

    /** The SDK's exception carries the catalogue's code, status and message, byte for byte. */
    private static void assertAnswers(AwsError expected, Executable call) {
        CatalogueAssertions.answers(expected, AwsServiceException.class, call);
    }
}
