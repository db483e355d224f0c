package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * CreateImage, DescribeImages, DeregisterImage, DescribeSnapshots and DeleteSnapshot on the wire: reads their query
 * parameters, calls {@link Ec2Images} with typed values, and renders images and snapshots in EC2's XML.
 */
final class Ec2ImagesWire {

    private final Ec2Images images;
    private final Ec2Instances instances;
    private final Ec2Tags tags;

    Ec2ImagesWire(Ec2Images images, Ec2Instances instances, Ec2Tags tags) {
        this.images = images;
        this.instances = instances;
        this.tags = tags;
    }

    /** CreateImage (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html). */
    Object create(QueryParams p) {
        Ec2Instances.Instance instance = instances.instance(p.required("InstanceId"));
        Ec2Images.requireImageable(instance);
        String name = p.required("Name");
        images.requireNewName(name);
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("image", "snapshot"));
        Map<String, String> imageTags = Ec2TagsWire.fromSpecifications(p, "image");
        Map<String, String> snapshotTags = Ec2TagsWire.fromSpecifications(p, "snapshot");
        return el("imageId", images.create(instance, name, p.get("Description"), imageTags, snapshotTags).id);
    }

    /** DescribeImages: {@code ImageId.N}, {@code Owner.N} ({@code self}, {@code amazon} or an account) and {@code Filter.N}. */
    Object describe(QueryParams p) {
        List<String> ids = p.strings("ImageId");
        List<String> owners = p.strings("Owner").stream().map(o -> o.equals("self") ? LocalAws.ACCOUNT_ID
                : o.equals("amazon") ? Ec2Images.CANONICAL : o).toList();
        List<Ec2Images.Image> chosen = images.chosen(ids, owners);
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Ec2Images.Image image : chosen) {
            if (filters.matches(tags.of(image.id), name -> images.attribute(image, name))) {
                items.add(imageXml(image));
            }
        }
        return node("imagesSet", items);
    }

    Object deregister(QueryParams p) {
        String deletedSnapshot = images.deregister(p.required("ImageId"),
                Boolean.parseBoolean(p.get("DeleteAssociatedSnapshots", "false")));
        List<Xml> results = new ArrayList<>();
        if (deletedSnapshot != null) {
            results.add(node("item", el("snapshotId", deletedSnapshot), el("returnCode", "success")));
        }
        return List.of(el("return", true), node("deleteSnapshotResultSet", results));
    }

    /** DescribeSnapshots: {@code SnapshotId.N} and {@code Filter.N}; an id named that no snapshot matches is not found. */
    Object describeSnapshots(QueryParams p) {
        List<String> ids = p.strings("SnapshotId");
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Xml> items = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Ec2Images.Snapshot s : images.snapshots(ids)) {
            if (filters.matches(tags.of(s.id()), name -> switch (name) {
                case "snapshot-id" -> List.of(s.id());
                case "status" -> List.of(s.state());
                case "owner-id" -> List.of(LocalAws.ACCOUNT_ID);
                default -> null;
            })) {
                items.add(node("item", el("snapshotId", s.id()), el("volumeSize", s.sizeGiB()), el("status", s.state()),
                        el("startTime", s.startTime().toString()), el("progress", s.state().equals("completed") ? "100%" : "50%"),
                        el("ownerId", LocalAws.ACCOUNT_ID), el("description", "Created by CreateImage for " + s.imageId()),
                        el("encrypted", s.encrypted()), el("storageTier", "standard"), Xml.ec2Tags("tagSet", tags.of(s.id()))));
                found.add(s.id());
            }
        }
        for (String id : ids) {
            if (!found.contains(id)) {
                throw Ec2Errors.invalidSnapshotNotFound(id);
            }
        }
        return node("snapshotSet", items);
    }

    Object deleteSnapshot(QueryParams p) {
        images.deleteSnapshot(p.required("SnapshotId"));
        return el("return", true);
    }

    private Xml imageXml(Ec2Images.Image image) {
        String state = images.state(image);
        return node("item",
                el("imageId", image.id), el("imageLocation", image.owner + "/" + image.name), el("imageState", state),
                el("imageOwnerId", image.owner), el("creationDate", DateTimeFormatter.ISO_INSTANT.format(image.created.truncatedTo(ChronoUnit.MILLIS))),
                el("isPublic", image.owner.equals(Ec2Images.CANONICAL)), el("architecture", image.architecture), el("imageType", "machine"),
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
