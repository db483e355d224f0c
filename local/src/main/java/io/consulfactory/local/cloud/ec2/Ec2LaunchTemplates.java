package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * Launch templates and their numbered versions. A version's data is kept as the request gave it
 * ({@code LaunchTemplateData.*} parameters), and rendered back in DescribeLaunchTemplateVersions' shape.
 * Simplification: {@code MetadataOptions.InstanceMetadataTags} is checked, kept and described, but the local
 * instances have no metadata service for it to open.
 */
public final class Ec2LaunchTemplates {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    /** LaunchTemplateInstanceMetadataOptionsRequest.InstanceMetadataTags: access to the instance's tags from IMDS. */
    private static final Set<String> METADATA_TAGS = Set.of("enabled", "disabled");

    record Version(int number, String description, Instant created, QueryParams data, String clientToken) {
    }

    static final class Template {
        final String id;
        final String name;
        final Instant created;
        final List<Version> versions = new ArrayList<>();
        int defaultVersion = 1;
        final String clientToken;

        Template(String id, String name, Instant created, String clientToken) {
            this.id = id;
            this.name = name;
            this.created = created;
            this.clientToken = clientToken;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }

        /** A version by number or by {@code $Latest} / {@code $Default}; AWS's error when there is none. */
        Version version(String ref) {
            if (ref == null || ref.equals("$Default")) {
                return versions.get(defaultVersion - 1);
            }
            if (ref.equals("$Latest")) {
                return latest();
            }
            try {
                int n = Integer.parseInt(ref);
                if (n >= 1 && n <= versions.size()) {
                    return versions.get(n - 1);
                }
            } catch (NumberFormatException e) {
                // falls through to AWS's error
            }
            throw AwsError.client("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version " + ref
                    + " for launch template " + id + ".");
        }
    }

    private final LocalAws aws;
    private final Ec2Tags tags;
    private final Ec2Images images;
    private final Map<String, Template> templates = new LinkedHashMap<>();

    Ec2LaunchTemplates(LocalAws aws, Ec2Tags tags, Ec2Images images) {
        this.aws = aws;
        this.tags = tags;
        this.images = images;
    }

    void reset() {
        templates.clear();
    }

    Object create(QueryParams p) {
        String name = p.required("LaunchTemplateName");
        String token = p.get("ClientToken");
        if (token != null) {
            for (Template t : templates.values()) {
                if (token.equals(t.clientToken)) {
                    return templateXml("launchTemplate", t);
                }
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.client("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3"
                    + " and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
        }
        if (templates.values().stream().anyMatch(t -> t.name.equals(name))) {
            throw AwsError.client("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.");
        }
        QueryParams data = data(p);
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("launch-template"));
        Template t = new Template(aws.newId("lt"), name, aws.clock().now(), token);
        t.versions.add(new Version(1, p.get("VersionDescription"), aws.clock().now(), data, token));
        templates.put(t.id, t);
        tags.register(t.id, "launch-template");
        tags.of(t.id).putAll(Ec2TagsWire.fromSpecifications(p, "launch-template"));
        return templateXml("launchTemplate", t);
    }

    Object createVersion(QueryParams p) {
        Template t = template(p);
        String token = p.get("ClientToken");
        if (token != null) {
            for (Version v : t.versions) {
                if (token.equals(v.clientToken())) {
                    return versionXml("launchTemplateVersion", t, v);
                }
            }
        }
        QueryParams data = data(p);
        if (p.has("SourceVersion")) {
            Map<String, String> merged = new LinkedHashMap<>(t.version(p.get("SourceVersion")).data().asMap());
            merged.putAll(data.asMap());
            data = new QueryParams(merged);
        }
        Version v = new Version(t.versions.size() + 1, p.get("VersionDescription"), aws.clock().now(), data, token);
        t.versions.add(v);
        return versionXml("launchTemplateVersion", t, v);
    }

    Object modify(QueryParams p) {
        Template t = template(p);
        String wanted = p.get("SetDefaultVersion", p.get("DefaultVersion"));
        if (wanted != null) {
            t.defaultVersion = t.version(wanted).number();
        }
        return templateXml("launchTemplate", t);
    }

    Object delete(QueryParams p) {
        Template t = template(p);
        templates.remove(t.id);
        tags.forget(t.id);
        return templateXml("launchTemplate", t);
    }

    Object describe(QueryParams p) {
        List<String> ids = p.strings("LaunchTemplateId");
        List<String> names = p.strings("LaunchTemplateName");
        for (String name : names) {
            if (templates.values().stream().noneMatch(t -> t.name.equals(name))) {
                throw AwsError.client("InvalidLaunchTemplateName.NotFoundException",
                        "At least one of the launch templates specified in the request does not exist.");
            }
        }
        for (String id : ids) {
            if (!templates.containsKey(id)) {
                throw AwsError.client("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                        + id + ", does not exist.");
            }
        }
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Template t : templates.values()) {
            if ((ids.isEmpty() || ids.contains(t.id)) && (names.isEmpty() || names.contains(t.name))
                    && filters.matches(tags.of(t.id), n -> n.equals("launch-template-name") ? List.of(t.name) : null)) {
                items.add(templateXml("item", t));
            }
        }
        return node("launchTemplates", items);
    }

    Object describeVersions(QueryParams p) {
        Template t = template(p);
        List<String> refs = p.strings("LaunchTemplateVersion");
        List<Version> chosen = refs.isEmpty() ? t.versions : refs.stream().map(t::version).toList();
        return node("launchTemplateVersionSet", chosen.stream().map(v -> versionXml("item", t, v)).toList());
    }

    /** The template and version an Auto Scaling group launches from. */
    record Resolved(String templateId, String templateName, int version, QueryParams data) {
    }

    Resolved resolve(String idOrNull, String nameOrNull, String versionRef) {
        Template t = idOrNull != null ? templates.get(idOrNull)
                : templates.values().stream().filter(x -> x.name.equals(nameOrNull)).findFirst().orElse(null);
        if (t == null) {
            throw AwsError.client("ValidationError", "The specified launch template does not exist: "
                    + (idOrNull != null ? idOrNull : nameOrNull));
        }
        Version v = t.version(versionRef);
        return new Resolved(t.id, t.name, v.number(), v.data());
    }

    private Template template(QueryParams p) {
        String id = p.get("LaunchTemplateId");
        String name = p.get("LaunchTemplateName");
        if (id != null) {
            Template t = templates.get(id);
            if (t == null) {
                throw AwsError.client("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                        + id + ", does not exist.");
            }
            return t;
        }
        if (name == null) {
            throw AwsError.client("MissingParameter", "The request must contain the parameter LaunchTemplateName or LaunchTemplateId");
        }
        return templates.values().stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow(() -> AwsError.client(
                "InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with template name " + name
                        + ", does not exist."));
    }

    /** The {@code LaunchTemplateData.*} parameters, prefix stripped; the image must exist. */
    private QueryParams data(QueryParams p) {
        Map<String, String> data = new LinkedHashMap<>();
        p.asMap().forEach((k, v) -> {
            if (k.startsWith("LaunchTemplateData.")) {
                data.put(k.substring("LaunchTemplateData.".length()), v);
            }
        });
        QueryParams result = new QueryParams(data);
        if (result.has("ImageId")) {
            images.image(result.get("ImageId"));
        }
        String metadataTags = result.get("MetadataOptions.InstanceMetadataTags");
        if (metadataTags != null && !METADATA_TAGS.contains(metadataTags)) {
            // The values are LaunchTemplateInstanceMetadataTagsState's (EC2 API reference); the wording is ours.
            throw AwsError.client("InvalidParameterValue", "Value (" + metadataTags + ") for parameter"
                    + " LaunchTemplateData.MetadataOptions.InstanceMetadataTags is invalid. Valid values: enabled, disabled.");
        }
        return result;
    }

    private Xml templateXml(String element, Template t) {
        return node(element, el("launchTemplateId", t.id), el("launchTemplateName", t.name),
                el("createTime", t.created.toString()), el("createdBy", "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local"),
                el("defaultVersionNumber", t.defaultVersion), el("latestVersionNumber", t.latest().number()),
                Xml.ec2Tags("tagSet", tags.of(t.id)));
    }

    private static Xml versionXml(String element, Template t, Version v) {
        QueryParams d = v.data();
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
