package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * CreateLaunchTemplate, CreateLaunchTemplateVersion, ModifyLaunchTemplate, DeleteLaunchTemplate,
 * DescribeLaunchTemplates and DescribeLaunchTemplateVersions on the wire: reads their query parameters (a version's
 * {@code LaunchTemplateData.*} members among them), calls {@link Ec2LaunchTemplates}, and renders templates and
 * versions in EC2's XML (a version in DescribeLaunchTemplateVersions' shape).
 */
final class Ec2LaunchTemplatesWire {

    private static final String DATA = "LaunchTemplateData.";

    private final Ec2LaunchTemplates templates;
    private final Ec2Tags tags;

    Ec2LaunchTemplatesWire(Ec2LaunchTemplates templates, Ec2Tags tags) {
        this.templates = templates;
        this.tags = tags;
    }

    /** CreateLaunchTemplate (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html). */
    Object create(QueryParams p) {
        String name = p.required("LaunchTemplateName");
        String token = p.get("ClientToken");
        Ec2LaunchTemplates.Template earlier = templates.withClientToken(token);
        if (earlier != null) {
            return templateXml("launchTemplate", earlier);
        }
        templates.requireNewName(name);
        Map<String, String> data = data(p);
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("launch-template"));
        Map<String, String> templateTags = Ec2TagsWire.fromSpecifications(p, "launch-template");
        return templateXml("launchTemplate", templates.create(name, token, p.get("VersionDescription"), data, templateTags));
    }

    /** CreateLaunchTemplateVersion (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplateVersion.html). */
    Object createVersion(QueryParams p) {
        Ec2LaunchTemplates.Template t = template(p);
        String token = p.get("ClientToken");
        Ec2LaunchTemplates.Version earlier = Ec2LaunchTemplates.versionWithClientToken(t, token);
        if (earlier != null) {
            return versionXml("launchTemplateVersion", t, earlier);
        }
        Map<String, String> data = data(p);
        Ec2LaunchTemplates.Version v = templates.addVersion(t, p.get("SourceVersion"), data, p.get("VersionDescription"), token);
        return versionXml("launchTemplateVersion", t, v);
    }

    Object modify(QueryParams p) {
        Ec2LaunchTemplates.Template t = template(p);
        return templateXml("launchTemplate", Ec2LaunchTemplates.setDefaultVersion(t, p.get("SetDefaultVersion", p.get("DefaultVersion"))));
    }

    Object delete(QueryParams p) {
        return templateXml("launchTemplate", templates.delete(template(p)));
    }

    Object describe(QueryParams p) {
        List<Ec2LaunchTemplates.Template> chosen = templates.chosen(p.strings("LaunchTemplateId"), p.strings("LaunchTemplateName"));
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Ec2LaunchTemplates.Template t : chosen) {
            if (filters.matches(tags.of(t.id), n -> n.equals("launch-template-name") ? List.of(t.name) : null)) {
                items.add(templateXml("item", t));
            }
        }
        return node("launchTemplates", items);
    }

    Object describeVersions(QueryParams p) {
        Ec2LaunchTemplates.Template t = template(p);
        List<Ec2LaunchTemplates.Version> chosen = Ec2LaunchTemplates.versions(t, p.strings("LaunchTemplateVersion"));
        return node("launchTemplateVersionSet", chosen.stream().map(v -> versionXml("item", t, v)).toList());
    }

    private Ec2LaunchTemplates.Template template(QueryParams p) {
        return templates.template(p.get("LaunchTemplateId"), p.get("LaunchTemplateName"));
    }

    /** The {@code LaunchTemplateData.*} parameters, prefix stripped, once the state has checked them. */
    private Map<String, String> data(QueryParams p) {
        Map<String, String> data = new LinkedHashMap<>();
        p.asMap().forEach((k, v) -> {
            if (k.startsWith(DATA)) {
                data.put(k.substring(DATA.length()), v);
            }
        });
        templates.requireValidData(data.get("ImageId"), data.get("MetadataOptions.InstanceMetadataTags"));
        return data;
    }

    private Xml templateXml(String element, Ec2LaunchTemplates.Template t) {
        return node(element, el("launchTemplateId", t.id), el("launchTemplateName", t.name),
                el("createTime", t.created.toString()), el("createdBy", "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local"),
                el("defaultVersionNumber", t.defaultVersion), el("latestVersionNumber", t.latest().number()),
                Xml.ec2Tags("tagSet", tags.of(t.id)));
    }

    private static Xml versionXml(String element, Ec2LaunchTemplates.Template t, Ec2LaunchTemplates.Version v) {
        QueryParams d = new QueryParams(v.data());
        List<Xml> data = new ArrayList<>();
        data.add(el("imageId", d.get("ImageId")));
        data.add(el("instanceType", d.get("InstanceType")));
        data.add(el("userData", d.get("UserData")));
        if (d.has("IamInstanceProfile.Arn") || d.has("IamInstanceProfile.Name")) {
            data.add(node("iamInstanceProfile", el("arn", d.get("IamInstanceProfile.Arn")), el("name", d.get("IamInstanceProfile.Name"))));
        }
        data.add(node("securityGroupIdSet", d.strings("SecurityGroupId").stream().map(g -> el("item", g)).toList()));
        if (d.asMap().keySet().stream().anyMatch(k -> k.startsWith("MetadataOptions."))) {
            data.add(node("metadataOptions", el("httpTokens", d.get("MetadataOptions.HttpTokens")),
                    el("httpPutResponseHopLimit", d.get("MetadataOptions.HttpPutResponseHopLimit")),
                    el("httpEndpoint", d.get("MetadataOptions.HttpEndpoint", "enabled")),
                    el("instanceMetadataTags", d.get("MetadataOptions.InstanceMetadataTags"))));
        }
        data.add(node("blockDeviceMappingSet", d.list("BlockDeviceMapping").stream().map(b -> node("item",
                el("deviceName", b.get("DeviceName")), node("ebs", el("volumeType", b.get("Ebs.VolumeType")),
                        el("encrypted", b.get("Ebs.Encrypted")), el("deleteOnTermination", b.get("Ebs.DeleteOnTermination")),
                        el("volumeSize", b.get("Ebs.VolumeSize"))))).toList()));
        data.add(node("tagSpecificationSet", d.list("TagSpecification").stream().map(s -> node("item",
                el("resourceType", s.get("ResourceType")), Xml.ec2Tags("tagSet", s.tags("Tag")))).toList()));
        return node(element, el("launchTemplateId", t.id), el("launchTemplateName", t.name), el("versionNumber", v.number()),
                el("versionDescription", v.description()), el("createTime", v.created().toString()),
                el("createdBy", "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local"),
                el("defaultVersion", v.number() == t.defaultVersion), node("launchTemplateData", data));
    }
}
