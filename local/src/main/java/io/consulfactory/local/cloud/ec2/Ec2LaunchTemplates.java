package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Launch templates and their numbered versions: the state of CreateLaunchTemplate, CreateLaunchTemplateVersion,
 * ModifyLaunchTemplate, DeleteLaunchTemplate and the two Describes ({@link Ec2LaunchTemplatesWire} reads their
 * parameters and renders their answers), and the versions Auto Scaling launches from. Versions are numbered in
 * the order they are made, and a version made from a source version inherits its data, overridden by what the
 * request gives (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplateVersion.html).
 * Simplification: a version's data is kept as the request gave it (its {@code LaunchTemplateData.*} members,
 * prefix stripped), and read by the wire when it renders the version or launches from it.
 * Simplification: {@code MetadataOptions.InstanceMetadataTags} is checked, kept and described, but the local
 * instances have no metadata service for it to open.
 */
public final class Ec2LaunchTemplates {

    /** CreateLaunchTemplate's LaunchTemplateName: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    /** LaunchTemplateInstanceMetadataOptionsRequest.InstanceMetadataTags: access to the instance's tags from IMDS. */
    private static final Set<String> METADATA_TAGS = Set.of("enabled", "disabled");

    /** One version; {@code data} is its {@code LaunchTemplateData} members as given, prefix stripped. */
    record Version(int number, String description, Instant created, Map<String, String> data, String clientToken) {
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
            throw Ec2Errors.launchTemplateVersionNotFound(ref, id);
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

    /** The template an earlier CreateLaunchTemplate with this client token made, or {@code null}. */
    Template withClientToken(String token) {
        if (token != null) {
            for (Template t : templates.values()) {
                if (token.equals(t.clientToken)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** A new template's name: well formed and not in use. */
    void requireNewName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw Ec2Errors.invalidLaunchTemplateNameMalformed();
        }
        if (templates.values().stream().anyMatch(t -> t.name.equals(name))) {
            throw Ec2Errors.launchTemplateNameAlreadyExists();
        }
    }

    /** A version's data is checked as it is given: its image must exist, and InstanceMetadataTags be enabled or disabled. */
    void requireValidData(String imageId, String instanceMetadataTags) {
        if (imageId != null) {
            images.image(imageId);
        }
        if (instanceMetadataTags != null && !METADATA_TAGS.contains(instanceMetadataTags)) {
            // The values are LaunchTemplateInstanceMetadataTagsState's (EC2 API reference); the wording is ours.
            throw Ec2Errors.invalidInstanceMetadataTags(instanceMetadataTags);
        }
    }

    /** A new template with its version 1, the default. */
    Template create(String name, String token, String description, Map<String, String> data, Map<String, String> templateTags) {
        Template t = new Template(aws.newId("lt"), name, aws.clock().now(), token);
        t.versions.add(new Version(1, description, aws.clock().now(), Map.copyOf(data), token));
        templates.put(t.id, t);
        tags.register(t.id, "launch-template");
        tags.of(t.id).putAll(templateTags);
        return t;
    }

    /** The version an earlier CreateLaunchTemplateVersion with this client token made, or {@code null}. */
    static Version versionWithClientToken(Template t, String token) {
        if (token != null) {
            for (Version v : t.versions) {
                if (token.equals(v.clientToken())) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The template's next version: the data given, over the source version's when one is named. */
    Version addVersion(Template t, String sourceVersion, Map<String, String> data, String description, String token) {
        Map<String, String> merged = data;
        if (sourceVersion != null) {
            merged = new LinkedHashMap<>(t.version(sourceVersion).data());
            merged.putAll(data);
        }
        Version v = new Version(t.versions.size() + 1, description, aws.clock().now(), Map.copyOf(merged), token);
        t.versions.add(v);
        return v;
    }

    /** ModifyLaunchTemplate: the default version becomes the one named (when one is). */
    static Template setDefaultVersion(Template t, String versionRef) {
        if (versionRef != null) {
            t.defaultVersion = t.version(versionRef).number();
        }
        return t;
    }

    Template delete(Template t) {
        templates.remove(t.id);
        tags.forget(t.id);
        return t;
    }

    /** The templates DescribeLaunchTemplates lists before its filters: those named (each must exist), or all. */
    List<Template> chosen(List<String> ids, List<String> names) {
        for (String name : names) {
            if (templates.values().stream().noneMatch(t -> t.name.equals(name))) {
                throw Ec2Errors.launchTemplatesNotFound();
            }
        }
        for (String id : ids) {
            if (!templates.containsKey(id)) {
                throw Ec2Errors.invalidLaunchTemplateIdNotFound(id);
            }
        }
        return templates.values().stream().filter(t -> (ids.isEmpty() || ids.contains(t.id))
                && (names.isEmpty() || names.contains(t.name))).toList();
    }

    /** The versions named (numbers, {@code $Latest}, {@code $Default}), or all of them. */
    static List<Version> versions(Template t, List<String> refs) {
        return refs.isEmpty() ? t.versions : refs.stream().map(t::version).toList();
    }

    /** The template and version an Auto Scaling group launches from; {@code data} as in {@link Version}. */
    record Resolved(String templateId, String templateName, int version, Map<String, String> data) {
    }

    Resolved resolve(String idOrNull, String nameOrNull, String versionRef) {
        Template t = idOrNull != null ? templates.get(idOrNull)
                : templates.values().stream().filter(x -> x.name.equals(nameOrNull)).findFirst().orElse(null);
        if (t == null) {
            throw Ec2Errors.autoScalingLaunchTemplateNotFound(idOrNull != null ? idOrNull : nameOrNull);
        }
        Version v = t.version(versionRef);
        return new Resolved(t.id, t.name, v.number(), v.data());
    }

    /** The template a request names by id or by name. */
    Template template(String id, String name) {
        if (id != null) {
            Template t = templates.get(id);
            if (t == null) {
                throw Ec2Errors.invalidLaunchTemplateIdNotFound(id);
            }
            return t;
        }
        if (name == null) {
            throw Ec2Errors.missingLaunchTemplateIdOrName();
        }
        return templates.values().stream().filter(t -> t.name.equals(name)).findFirst()
                .orElseThrow(() -> Ec2Errors.invalidLaunchTemplateNameNotFound(name));
    }
}
