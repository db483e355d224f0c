package io.consulfactory.bake;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import io.consulfactory.spec.InvalidSpecException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The spec's base image, resolved and checked: from its SSM parameter when given one (only AWS's public
 * parameters under {@value #PUBLIC_PARAMETERS}, the only ones the functions may read), and then available and
 * of the instance type's architecture.
 */
public final class BaseImages {

    /** The functions' policies grant ssm:GetParameter on AWS's public parameters only (template.yaml). */
    public static final String PUBLIC_PARAMETERS = "/aws/service/";

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final String region;

    public BaseImages(Ec2Client ec2, SsmClient ssm, String region) {
        this.ec2 = ec2;
        this.ssm = ssm;
        this.region = region;
    }

    public Image resolve(ClusterSpec spec) {
        String field = spec.baseImage().imageId() != null ? "baseImage.imageId" : "baseImage.ssmParameter";
        String imageId = spec.baseImage().imageId();
        if (imageId == null) {
            String parameter = spec.baseImage().ssmParameter();
            if (!parameter.startsWith(PUBLIC_PARAMETERS)) {
                throw InvalidSpecException.of(field, "'" + parameter + "' is not one of AWS's public parameters (" + PUBLIC_PARAMETERS
                        + "…), the only ones the factory's functions may read; give such a parameter or baseImage.imageId");
            }
            try {
                imageId = call("ssm:GetParameter", () -> ssm.getParameter(r -> r.name(parameter))).parameter().value();
            } catch (ParameterNotFoundException e) {
                throw InvalidSpecException.of(field, "SSM parameter " + parameter + " does not exist in " + region
                        + "; give an existing public parameter or an imageId");
            }
        }
        String id = imageId;
        Image image;
        String why = "";
        try {
            image = call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.imageIds(id))).images().stream()
                    .findFirst().orElse(null);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidAMIID.NotFound") && !AwsErrors.hasCode(e, "InvalidAMIID.Malformed")) {
                throw e;
            }
            image = null;
            why = " (" + e.awsErrorDetails().errorMessage() + ")";
        }
        if (image == null || !image.stateAsString().equals("available")) {
            throw InvalidSpecException.of(field, "image " + id + " is not an available image in " + region + why);
        }
        String wanted = ClusterSpecParser.architectureOf(spec.instanceType());
        if (!image.architectureAsString().equals(wanted)) {
            throw InvalidSpecException.of(field, "image " + id + " is for " + image.architectureAsString()
                    + " but instanceType " + spec.instanceType() + " needs " + wanted);
        }
        return image;
    }
}
