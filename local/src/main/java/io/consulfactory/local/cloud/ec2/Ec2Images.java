package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * Images and their snapshots. Canonical's public Ubuntu 24.04 images exist in every account (the SSM
 * public parameters point at them). An image made from an instance is {@code pending} until the local
 * clock passes {@link Ec2Timings#image()}, then {@code available}; or {@code failed} when a test says so.
 */
public final class Ec2Images {

    public static final String CANONICAL = "099720109477";
    public static final String UBUNTU_AMD64 = "ami-0a0e5d9c7acc336f1";
    public static final String UBUNTU_ARM64 = "ami-0c0e5d9c7acc336f2";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9()\\[\\] ./\\-'@_]{3,128}");

    /** An image; {@code failure} set means it will fail instead of becoming available. */
    static final class Image {
        final String id;
        final String name;
        final String description;
        final String owner;
        final String architecture;
        final String rootDeviceName;
        final int rootSizeGiB;
        final String rootSnapshotId;
        final Instant created;
        final String failure;
        final boolean encrypted;
        boolean deregistered;
        /**
         * The user data of the instance the image was made from ({@code null} for public images): what was
         * installed on its disk, read by the software models that run on instances launched from it.
         */
        String builderUserData;

        Image(String id, String name, String description, String owner, String architecture, String rootDeviceName,
              int rootSizeGiB, String rootSnapshotId, Instant created, String failure, boolean encrypted) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.owner = owner;
            this.architecture = architecture;
            this.rootDeviceName = rootDeviceName;
            this.rootSizeGiB = rootSizeGiB;
            this.rootSnapshotId = rootSnapshotId;
            this.created = created;
            this.failure = failure;
            this.encrypted = encrypted;
        }

        String id() {
            return id;
        }

        String architecture() {
            return architecture;
        }

        String rootDeviceName() {
            return rootDeviceName;
        }

        int rootSizeGiB() {
            return rootSizeGiB;
        }

        String rootSnapshotId() {
            return rootSnapshotId;
        }
    }

    private final LocalAws aws;
    private final Ec2Tags tags;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private Ec2Instances instances;
    private String nextFailure;

    Ec2Images(LocalAws aws, Ec2Tags tags) {
        this.aws = aws;
        this.tags = tags;
        seedPublicImages();
    }

    void wire(Ec2Instances instances) {
        this.instances = instances;
    }

    void reset() {
        images.clear();
        nextFailure = null;
        seedPublicImages();
    }

    private void seedPublicImages() {
        Instant built = Instant.parse("2025-12-01T10:00:00Z");
        images.put(UBUNTU_AMD64, new Image(UBUNTU_AMD64, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251201",
                "Canonical, Ubuntu, 24.04, amd64 noble image", CANONICAL, "x86_64", "/dev/sda1", 8, "snap-0a0e5d9c7acc336f1", built, null, false));
        images.put(UBUNTU_ARM64, new Image(UBUNTU_ARM64, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20251201",
                "Canonical, Ubuntu, 24.04, arm64 noble image", CANONICAL, "arm64", "/dev/sda1", 8, "snap-0c0e5d9c7acc336f2", built, null, false));
        tags.register(UBUNTU_AMD64, "image");
        tags.register(UBUNTU_ARM64, "image");
    }

    /** A newer public Ubuntu image, as Canonical publishes them. */
    String publishUbuntu(String architecture, Instant built) {
        String id = aws.newId("ami");
        images.put(id, new Image(id, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-" + (architecture.equals("arm64") ? "arm64" : "amd64")
                + "-server-" + built.toString().substring(0, 10).replace("-", ""), "Canonical, Ubuntu, 24.04 noble image",
                CANONICAL, architecture, "/dev/sda1", 8, aws.newId("snap"), built, null, false));
        tags.register(id, "image");
        return id;
    }

    /** The next image made fails with this reason (as AWS's stateReason message). */
    void failNextImage(String reason) {
        nextFailure = reason;
    }

    String state(Image image) {
        if (image.owner.equals(CANONICAL)) {
            return "available";
        }
        if (aws.clock().now().isBefore(image.created.plus(instances.timings().image()))) {
            return "pending";
        }
        return image.failure == null ? "available" : "failed";
    }

    /** An image RunInstances (or a launch template) may use: it exists and is available. */
    Image launchable(String imageId) {
        Image image = image(imageId);
        if (!state(image).equals("available")) {
            throw AwsError.client("InvalidAMIID.Unavailable", "The image id '[" + imageId + "]' is not available");
        }
        return image;
    }

    /** When the image becomes (or became) available, or {@code null} if it fails or is unknown. */
    Instant availableAt(String imageId) {
        Image image = images.get(imageId);
        if (image == null || image.failure != null) {
            return null;
        }
        return image.owner.equals(CANONICAL) ? image.created : image.created.plus(instances.timings().image());
    }

    /** The user data of the builder the image was made from, deregistered or not; {@code null} when unknown. */
    String builderUserData(String imageId) {
        Image image = images.get(imageId);
        return image == null ? null : image.builderUserData;
    }

    Image image(String imageId) {
        Image image = images.get(imageId);
        if (image == null || image.deregistered) {
            if (!imageId.matches("ami-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw AwsError.client("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
            }
            throw AwsError.client("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
        }
        return image;
    }

    Object create(QueryParams p) {
        Ec2Instances.Instance instance = instances.instance(p.required("InstanceId"));
        if (!instance.alive()) {
            throw AwsError.client("IncorrectInstanceState", "The instance '" + instance.id + "' is not in a state from which it can be imaged.");
        }
        String name = p.required("Name");
        if (!NAME.matcher(name).matches()) {
            throw AwsError.client("InvalidAMIName.Malformed", "AMI names must be between 3 and 128 characters long, and may"
                    + " contain letters, numbers, '(', ')', '.', '-', '/' and '_'");
        }
        images.values().stream().filter(i -> !i.deregistered && i.owner.equals(LocalAws.ACCOUNT_ID) && i.name.equals(name))
                .findFirst().ifPresent(i -> {
                    throw AwsError.client("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by AMI " + i.id);
                });
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("image", "snapshot"));
        Ec2Instances.Volume root = instance.volumes.get(0);
        String snapshotId = aws.newId("snap");
        Image image = new Image(aws.newId("ami"), name, p.get("Description"), LocalAws.ACCOUNT_ID, instance.architecture,
                instance.rootDeviceName, root.sizeGiB(), snapshotId, aws.clock().now(), nextFailure, root.encrypted());
        image.builderUserData = instance.userData;
        nextFailure = null;
        images.put(image.id, image);
        tags.register(image.id, "image");
        tags.of(image.id).putAll(Ec2TagsWire.fromSpecifications(p, "image"));
        tags.register(snapshotId, "snapshot");
        tags.of(snapshotId).putAll(Ec2TagsWire.fromSpecifications(p, "snapshot"));
        return el("imageId", image.id);
    }

    Object describe(QueryParams p) {
        List<String> ids = p.strings("ImageId");
        ids.forEach(this::image);
        List<String> owners = p.strings("Owner").stream().map(o -> o.equals("self") ? LocalAws.ACCOUNT_ID
                : o.equals("amazon") ? CANONICAL : o).toList();
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Image image : images.values()) {
            if (image.deregistered || !ids.isEmpty() && !ids.contains(image.id) || !owners.isEmpty() && !owners.contains(image.owner)) {
                continue;
            }
            // Without ids or owners, EC2 lists the images you own or may launch; public ones too. That is every image here.
            if (filters.matches(tags.of(image.id), name -> switch (name) {
                case "image-id" -> List.of(image.id);
                case "name" -> List.of(image.name);
                case "state" -> List.of(state(image));
                case "owner-id" -> List.of(image.owner);
                case "architecture" -> List.of(image.architecture);
                case "is-public" -> List.of(String.valueOf(image.owner.equals(CANONICAL)));
                default -> null;
            })) {
                items.add(imageXml(image));
            }
        }
        return node("imagesSet", items);
    }

    Object deregister(QueryParams p) {
        Image image = image(p.required("ImageId"));
        if (!image.owner.equals(LocalAws.ACCOUNT_ID)) {
            throw AwsError.client("AuthFailure", "Not authorized for image:" + image.id);
        }
        image.deregistered = true;
        tags.forget(image.id);
        List<Xml> results = new ArrayList<>();
        if (Boolean.parseBoolean(p.get("DeleteAssociatedSnapshots", "false"))) {
            tags.forget(image.rootSnapshotId);
            results.add(node("item", el("snapshotId", image.rootSnapshotId), el("returnCode", "success")));
        }
        return List.of(el("return", true), node("deleteSnapshotResultSet", results));
    }

    Object describeSnapshots(QueryParams p) {
        List<String> ids = p.strings("SnapshotId");
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        Set<String> found = new java.util.HashSet<>();
        for (Image image : images.values()) {
            String id = image.rootSnapshotId;
            if (image.owner.equals(CANONICAL) || !tags.isKnown(id) || !ids.isEmpty() && !ids.contains(id)) {
                continue;
            }
            String state = aws.clock().now().isBefore(image.created.plus(instances.timings().image())) ? "pending" : "completed";
            if (filters.matches(tags.of(id), name -> switch (name) {
                case "snapshot-id" -> List.of(id);
                case "status" -> List.of(state);
                case "owner-id" -> List.of(LocalAws.ACCOUNT_ID);
                default -> null;
            })) {
                items.add(node("item", el("snapshotId", id), el("volumeSize", image.rootSizeGiB), el("status", state),
                        el("startTime", image.created.toString()), el("progress", state.equals("completed") ? "100%" : "50%"),
                        el("ownerId", LocalAws.ACCOUNT_ID), el("description", "Created by CreateImage for " + image.id),
                        el("encrypted", image.encrypted), el("storageTier", "standard"), Xml.ec2Tags("tagSet", tags.of(id))));
                found.add(id);
            }
        }
        for (String id : ids) {
            if (!found.contains(id)) {
                throw AwsError.client("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
            }
        }
        return node("snapshotSet", items);
    }

    Object deleteSnapshot(QueryParams p) {
        String id = p.required("SnapshotId");
        for (Image image : images.values()) {
            if (image.rootSnapshotId.equals(id) && tags.isKnown(id)) {
                if (!image.deregistered) {
                    throw AwsError.client("InvalidSnapshot.InUse", "The snapshot " + id + " is currently in use by " + image.id);
                }
                tags.forget(id);
                return el("return", true);
            }
        }
        throw AwsError.client("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
    }

    private Xml imageXml(Image image) {
        String state = state(image);
        return node("item",
                el("imageId", image.id), el("imageLocation", image.owner + "/" + image.name), el("imageState", state),
                el("imageOwnerId", image.owner), el("creationDate", DateTimeFormatter.ISO_INSTANT.format(image.created.truncatedTo(ChronoUnit.MILLIS))),
                el("isPublic", image.owner.equals(CANONICAL)), el("architecture", image.architecture), el("imageType", "machine"),
                el("name", image.name), el("description", image.description), el("rootDeviceType", "ebs"),
                el("rootDeviceName", image.rootDeviceName),
                node("blockDeviceMapping", node("item", el("deviceName", image.rootDeviceName), node("ebs",
                        el("snapshotId", image.rootSnapshotId), el("volumeSize", image.rootSizeGiB),
                        el("deleteOnTermination", true), el("volumeType", "gp3"), el("encrypted", image.encrypted)))),
                el("virtualizationType", "hvm"), el("hypervisor", "xen"), el("enaSupport", true), el("bootMode", "uefi-preferred"),
                state.equals("failed") ? node("stateReason", el("code", "Client.InternalError"), el("message", image.failure)) : null,
                Xml.ec2Tags("tagSet", tags.of(image.id)));
    }
}
