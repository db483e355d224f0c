package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Images and their snapshots. Canonical's public Ubuntu 24.04 images exist in every account (the SSM
 * public parameters point at them). An image made from an instance is {@code pending} until the local
 * clock passes {@link Ec2Timings#image()}, then {@code available}; or {@code failed} when a test says so
 * (the image states of https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Image.html). The state of
 * CreateImage, DescribeImages, DeregisterImage, DescribeSnapshots and DeleteSnapshot; {@link Ec2ImagesWire} reads
 * their parameters and renders their answers.
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

    void connect(Ec2Instances instances) {
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

    /** The image's state now: pending until the image time has passed, then available or failed. */
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
            throw Ec2Errors.invalidAmiIdUnavailable(imageId);
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

    /** The image, deregistered ones being gone; EC2's errors for a malformed or unknown id. */
    Image image(String imageId) {
        Image image = images.get(imageId);
        if (image == null || image.deregistered) {
            if (!imageId.matches("ami-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw Ec2Errors.invalidAmiIdMalformed(imageId);
            }
            throw Ec2Errors.invalidAmiIdNotFound(imageId);
        }
        return image;
    }

    /** CreateImage of an instance that is shutting down or terminated is refused. */
    static void requireImageable(Ec2Instances.Instance instance) {
        if (!instance.alive()) {
            throw Ec2Errors.incorrectInstanceStateForImage(instance.id);
        }
    }

    /** CreateImage's Name (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html): well formed and unused in the account. */
    void requireNewName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw Ec2Errors.invalidAmiNameMalformed();
        }
        images.values().stream().filter(i -> !i.deregistered && i.owner.equals(LocalAws.ACCOUNT_ID) && i.name.equals(name))
                .findFirst().ifPresent(i -> {
                    throw Ec2Errors.invalidAmiNameDuplicate(name, i.id);
                });
    }

    /** A new image of the instance's root volume, pending from now, with its snapshot; both tagged as given. */
    Image create(Ec2Instances.Instance instance, String name, String description, Map<String, String> imageTags,
                 Map<String, String> snapshotTags) {
        Ec2Instances.Volume root = instance.volumes.get(0);
        String snapshotId = aws.newId("snap");
        Image image = new Image(aws.newId("ami"), name, description, LocalAws.ACCOUNT_ID, instance.architecture,
                instance.rootDeviceName, root.sizeGiB(), snapshotId, aws.clock().now(), nextFailure, root.encrypted());
        image.builderUserData = instance.userData;
        nextFailure = null;
        images.put(image.id, image);
        tags.register(image.id, "image");
        tags.of(image.id).putAll(imageTags);
        tags.register(snapshotId, "snapshot");
        tags.of(snapshotId).putAll(snapshotTags);
        return image;
    }

    /**
     * The images DescribeImages lists before its filters: the ids named (each must exist) and owned by one of the
     * owners (account ids), or all. Without ids or owners, EC2 lists the images you own or may launch; public ones
     * too. That is every image here.
     */
    List<Image> chosen(List<String> ids, List<String> owners) {
        ids.forEach(this::image);
        return images.values().stream().filter(image -> !image.deregistered && (ids.isEmpty() || ids.contains(image.id))
                && (owners.isEmpty() || owners.contains(image.owner))).toList();
    }

    /** The image's values for a DescribeImages filter; {@code null} for a filter it does not have. */
    List<String> attribute(Image image, String name) {
        return switch (name) {
            case "image-id" -> List.of(image.id);
            case "name" -> List.of(image.name);
            case "state" -> List.of(state(image));
            case "owner-id" -> List.of(image.owner);
            case "architecture" -> List.of(image.architecture);
            case "is-public" -> List.of(String.valueOf(image.owner.equals(CANONICAL)));
            default -> null;
        };
    }

    /**
     * DeregisterImage (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeregisterImage.html): only the
     * owner's; with {@code deleteSnapshots}, its snapshot goes too. The snapshot deleted, or {@code null}.
     */
    String deregister(String imageId, boolean deleteSnapshots) {
        Image image = image(imageId);
        if (!image.owner.equals(LocalAws.ACCOUNT_ID)) {
            throw Ec2Errors.notAuthorizedForImage(image.id);
        }
        image.deregistered = true;
        tags.forget(image.id);
        if (deleteSnapshots) {
            tags.forget(image.rootSnapshotId);
            return image.rootSnapshotId;
        }
        return null;
    }

    /** A snapshot CreateImage made, as DescribeSnapshots shows it; {@code state} is pending or completed. */
    record Snapshot(String id, int sizeGiB, String state, Instant startTime, String imageId, boolean encrypted) {
    }

    /** The account's snapshots that still exist (those named, when ids are given), in the order their images were made. */
    List<Snapshot> snapshots(List<String> ids) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (Image image : images.values()) {
            String id = image.rootSnapshotId;
            if (image.owner.equals(CANONICAL) || !tags.isKnown(id) || !ids.isEmpty() && !ids.contains(id)) {
                continue;
            }
            String state = aws.clock().now().isBefore(image.created.plus(instances.timings().image())) ? "pending" : "completed";
            snapshots.add(new Snapshot(id, image.rootSizeGiB, state, image.created, image.id, image.encrypted));
        }
        return snapshots;
    }

    /** DeleteSnapshot (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshot.html): not while its image is registered. */
    void deleteSnapshot(String id) {
        for (Image image : images.values()) {
            if (image.rootSnapshotId.equals(id) && tags.isKnown(id)) {
                if (!image.deregistered) {
                    throw Ec2Errors.invalidSnapshotInUse(id, image.id);
                }
                tags.forget(id);
                return;
            }
        }
        throw Ec2Errors.invalidSnapshotNotFound(id);
    }
}
