package io.consulfactory.local.cloud.s3;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.RestService;
import io.consulfactory.local.cloud.SigV4;
import io.consulfactory.local.cloud.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's REST-XML wire (docs.aws.amazon.com/AmazonS3/latest/API/): which bucket and key a request addresses, which
 * operation its method, path and subresource name, the members it carries in headers and XML bodies, and the XML
 * documents and headers of the answers, element for element as each operation's "Response Syntax" gives them, and
 * the {@code <Error>} document. {@link S3OperationsWire} serves each operation with these.
 *
 * <p>Addressing (user guide, "Virtual hosting of buckets"): virtual-hosted style, {@code <bucket>.s3.<region>.amazonaws.com}
 * or {@code <bucket>.localhost}, names the bucket in the Host header and the key in the whole path; path style,
 * {@code /<bucket>/<key>}, in the path's first segment. The SDK for Java 2.x and the CLI, given an endpoint whose host
 * is an IP address ({@code http://127.0.0.1:<port>}, the local AWS's), send path style: S3's endpoint rules fall
 * back to it for IP hosts (observed with the SDK 2.57: {@code PUT /my-bucket/a/b%20c.txt}).
 */
final class S3Wire {

    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Pattern VIRTUAL_HOST = Pattern.compile("(.+?)\\.(s3[.-].*amazonaws\\.com|s3\\.localhost(\\..*)?|localhost)");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private S3Wire() {
    }

    /** The bucket ({@code null} for the service, ListBuckets) and key ({@code null} for the bucket) addressed. */
    record Target(String bucket, String key) {
    }

    static Target target(RestService.Request request) {
        String host = request.header("host");
        String hostname = host == null ? "" : host.replaceFirst(":\\d+$", "");
        String path = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        Matcher virtual = VIRTUAL_HOST.matcher(hostname.toLowerCase(Locale.ROOT));
        if (virtual.matches()) {
            String key = SigV4.decode(path.substring(1));
            return new Target(virtual.group(1), key.isEmpty() ? null : key);
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return new Target(null, null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Target(SigV4.decode(rest), null);
        }
        String key = SigV4.decode(rest.substring(slash + 1));
        return new Target(SigV4.decode(rest.substring(0, slash)), key.isEmpty() ? null : key);
    }

    /** The query's parameters, decoded; a subresource ({@code ?versioning}) has the value "". */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(SigV4.decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : SigV4.decode(pair.substring(eq + 1)));
        }
        return params;
    }

    /** The subresources of a bucket that name an operation, with the operation per method. */
    private static final List<String> BUCKET_SUBRESOURCES = List.of("versioning", "encryption", "publicAccessBlock",
            "policy", "lifecycle", "location", "versions", "delete", "tagging", "acl", "cors", "website", "logging",
            "notification", "replication", "ownershipControls", "object-lock", "uploads", "accelerate",
            "intelligent-tiering", "inventory", "metrics", "analytics", "requestPayment", "policyStatus");

    /**
     * The API operation a request names, for faults and the call log before it is served (the API reference's
     * names: DeleteBucketLifecycle, not DeleteBucketLifecycleConfiguration).
     */
    static String operation(RestService.Request request) {
        String op = operation(request.method(), target(request), query(request.rawQuery()), request);
        return op.equals("DeleteBucketLifecycleConfiguration") ? "DeleteBucketLifecycle" : op;
    }

    /** The request's members worth logging: the bucket, the key and the query's parameters (never a body). */
    static Map<String, String> logged(RestService.Request request) {
        Target target = target(request);
        Map<String, String> fields = new LinkedHashMap<>();
        if (target.bucket() != null) {
            fields.put("Bucket", target.bucket());
        }
        if (target.key() != null) {
            fields.put("Key", target.key());
        }
        query(request.rawQuery()).forEach((k, v) -> {
            if (!v.isEmpty()) {
                fields.put(k, v);
            }
        });
        return fields;
    }

    /**
     * The request's payload hash and, for a registered key, its signature checked ({@link S3Signatures}).
     *
     * @return the seed of a verified signature (for signed chunks), or {@code null} when nothing was verified
     */
    static S3Signatures.Seed verify(RestService.Request request) {
        return S3Signatures.verify(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                request.body(), request.secretAccessKey());
    }

    /** The operation a request names (the API reference's operation names). */
    static String operation(String method, Target target, Map<String, String> query, RestService.Request request) {
        if (target.bucket() == null) {
            return "GET".equals(method) ? "ListBuckets" : "Unsupported";
        }
        if (target.key() == null) {
            String sub = BUCKET_SUBRESOURCES.stream().filter(query::containsKey).findFirst().orElse(null);
            if (sub == null) {
                return switch (method) {
                    case "PUT" -> "CreateBucket";
                    case "HEAD" -> "HeadBucket";
                    case "DELETE" -> "DeleteBucket";
                    case "GET" -> "2".equals(query.get("list-type")) ? "ListObjectsV2" : "ListObjects";
                    default -> "Unsupported";
                };
            }
            String name = switch (sub) {
                case "versioning" -> "BucketVersioning";
                case "encryption" -> "BucketEncryption";
                case "publicAccessBlock" -> "PublicAccessBlock";
                case "policy" -> "BucketPolicy";
                case "lifecycle" -> "BucketLifecycleConfiguration";
                case "location" -> "BucketLocation";
                default -> null;
            };
            if ("versions".equals(sub) && "GET".equals(method)) {
                return "ListObjectVersions";
            }
            if ("delete".equals(sub) && "POST".equals(method)) {
                return "DeleteObjects";
            }
            if (name == null) {
                return "Unsupported";
            }
            return switch (method) {
                case "PUT" -> "Put" + name;
                case "GET" -> "Get" + name;
                case "DELETE" -> "Delete" + name;
                default -> "Unsupported";
            };
        }
        if (query.containsKey("uploads") || query.containsKey("uploadId") || query.containsKey("tagging")
                || query.containsKey("acl") || query.containsKey("retention") || query.containsKey("legal-hold")
                || query.containsKey("attributes") || query.containsKey("restore") || query.containsKey("select")) {
            return "Unsupported";
        }
        return switch (method) {
            case "PUT" -> request.header("x-amz-copy-source") != null ? "CopyObject" : "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> "Unsupported";
        };
    }

    /** The {@code x-amz-meta-*} headers, names without the prefix. */
    static Map<String, String> metadata(RestService.Request request) {
        Map<String, String> meta = new LinkedHashMap<>();
        request.headers().forEach((k, v) -> {
            if (k.startsWith("x-amz-meta-") && !v.isEmpty()) {
                meta.put(k.substring("x-amz-meta-".length()), String.join(",", v));
            }
        });
        return meta;
    }

    /** The {@code x-amz-checksum-*} headers by lowercased name. */
    static Map<String, String> checksumHeaders(RestService.Request request) {
        Map<String, String> given = new LinkedHashMap<>();
        request.headers().forEach((k, v) -> {
            if (k.startsWith("x-amz-checksum-") && !k.equals("x-amz-checksum-mode") && !v.isEmpty()) {
                given.put(k, v.get(0));
            }
        });
        return given;
    }

    // ---- XML requests

    static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw S3Errors.malformedXml();
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName(e).equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    static String text(Element parent, String name) {
        Element e = parent == null ? null : child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String localName(Element e) {
        String name = e.getTagName();
        return name.substring(name.indexOf(':') + 1);
    }

    /** The root element, which must have this name. */
    static Element root(byte[] body, String name) {
        if (body.length == 0) {
            throw S3Errors.malformedXml();
        }
        Element root = parse(body).getDocumentElement();
        if (!localName(root).equals(name)) {
            throw S3Errors.malformedXml();
        }
        return root;
    }

    /** CreateBucket's optional {@code <CreateBucketConfiguration><LocationConstraint>}. */
    static String locationConstraint(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String constraint = text(root(body, "CreateBucketConfiguration"), "LocationConstraint");
        return constraint == null || constraint.isEmpty() ? null : constraint;
    }

    /** PutBucketVersioning's {@code <VersioningConfiguration><Status>Enabled|Suspended</Status>}. */
    static Bucket.Versioning versioning(byte[] body) {
        String status = text(root(body, "VersioningConfiguration"), "Status");
        if ("Enabled".equals(status)) {
            return Bucket.Versioning.ENABLED;
        }
        if ("Suspended".equals(status)) {
            return Bucket.Versioning.SUSPENDED;
        }
        throw S3Errors.malformedXml();
    }

    /** PutBucketEncryption: {@code ServerSideEncryptionConfiguration/Rule/ApplyServerSideEncryptionByDefault/SSEAlgorithm}. */
    static String encryption(byte[] body) {
        Element root = root(body, "ServerSideEncryptionConfiguration");
        List<Element> rules = children(root, "Rule");
        if (rules.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        for (Element rule : rules) {
            String algorithm = text(child(rule, "ApplyServerSideEncryptionByDefault"), "SSEAlgorithm");
            if (algorithm == null || !List.of("AES256", "aws:kms", "aws:kms:dsse").contains(algorithm)) {
                throw S3Errors.malformedXml();
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** PutPublicAccessBlock's {@code PublicAccessBlockConfiguration}. */
    static String publicAccessBlock(byte[] body) {
        Element root = root(body, "PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")) {
            String value = text(root, flag);
            if (value != null && !value.equals("true") && !value.equals("false")) {
                throw S3Errors.malformedXml();
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** PutBucketLifecycleConfiguration's {@code LifecycleConfiguration} (see {@link Lifecycle}). */
    static Lifecycle lifecycle(byte[] body) {
        Element root = root(body, "LifecycleConfiguration");
        List<Lifecycle.Rule> rules = new ArrayList<>();
        List<Element> elements = children(root, "Rule");
        if (elements.isEmpty() || elements.size() > 1000) { // "up to 1,000 rules"
            throw S3Errors.malformedXml();
        }
        for (Element rule : elements) {
            String status = text(rule, "Status");
            if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
                throw S3Errors.malformedXml();
            }
            Element filter = child(rule, "Filter");
            String prefix;
            if (filter != null) {
                prefix = child(filter, "Prefix") != null ? text(filter, "Prefix")
                        : filter.getElementsByTagName("*").getLength() == 0 ? "" : null;
            } else {
                prefix = text(rule, "Prefix") == null ? "" : text(rule, "Prefix");
            }
            Integer days = integer(text(child(rule, "Expiration"), "Days"));
            Integer noncurrent = integer(text(child(rule, "NoncurrentVersionExpiration"), "NoncurrentDays"));
            if (days != null && days < 1 || noncurrent != null && noncurrent < 1) {
                throw S3Errors.invalidArgument("'Days' for Expiration action must be a positive integer");
            }
            rules.add(new Lifecycle.Rule(text(rule, "ID"), "Enabled".equals(status), prefix, days, noncurrent));
        }
        return new Lifecycle(List.copyOf(rules), new String(body, StandardCharsets.UTF_8));
    }

    private static Integer integer(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw S3Errors.malformedXml();
        }
    }

    /** One {@code <Object>} of DeleteObjects. */
    record ToDelete(String key, String versionId) {
    }

    /** DeleteObjects' {@code <Delete>}: its objects (1 to 1,000: "up to 1,000 keys") and whether it is Quiet. */
    record DeleteRequest(List<ToDelete> objects, boolean quiet) {
    }

    static DeleteRequest deleteRequest(byte[] body) {
        Element root = root(body, "Delete");
        List<ToDelete> objects = new ArrayList<>();
        for (Element o : children(root, "Object")) {
            String key = text(o, "Key");
            if (key == null) {
                throw S3Errors.malformedXml();
            }
            objects.add(new ToDelete(key, text(o, "VersionId")));
        }
        if (objects.isEmpty() || objects.size() > 1000) {
            throw S3Errors.malformedXml();
        }
        return new DeleteRequest(List.copyOf(objects), "true".equals(text(root, "Quiet")));
    }

    // ---- responses

    static String iso(Instant at) {
        return ISO.format(at);
    }

    static String httpDate(Instant at) {
        return HTTP_DATE.format(at);
    }

    static byte[] document(Xml root) {
        return root.withNamespace(NAMESPACE).render().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An error as S3 answers it: {@code <Error>} with Code, Message, the bucket (for NoSuchBucket and Bucket*) or key
     * (NoSuchKey) it concerns, RequestId and HostId (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
     */
    static RestService.Response error(RestService.Request request, AwsError error) {
        Target target;
        try {
            target = target(request);
        } catch (RuntimeException e) {
            target = new Target(null, null);
        }
        Xml body = Xml.node("Error", Xml.el("Code", error.code()), Xml.el("Message", error.getMessage()),
                Xml.el("BucketName", error.code().equals("NoSuchBucket") || error.code().startsWith("Bucket")
                        ? target.bucket() : null),
                Xml.el("Key", error.code().equals("NoSuchKey") ? target.key() : null),
                Xml.el("RequestId", request.requestId()), Xml.el("HostId", hostId(request)));
        return new RestService.Response(error.status(), headers(request, "application/xml"),
                body.render().getBytes(StandardCharsets.UTF_8));
    }

    /** The headers of every answer: the request id and host id, and the content type when there is a body. */
    static Map<String, String> headers(RestService.Request request, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-request-id", request.requestId());
        headers.put("x-amz-id-2", hostId(request));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    private static String hostId(RestService.Request request) {
        return Base64.getEncoder().encodeToString(request.requestId().getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with an XML document. */
    static RestService.Response ok(RestService.Request request, Xml document) {
        return new RestService.Response(200, headers(request, "application/xml"), document(document));
    }

    /** An answer without a body. */
    static RestService.Response empty(RestService.Request request, int status) {
        return new RestService.Response(status, headers(request, null), new byte[0]);
    }

    /** A stored document (a configuration as put) given back as it came, with the XML declaration S3 writes. */
    static RestService.Response stored(RestService.Request request, String xml) {
        return new RestService.Response(200, headers(request, "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    /** ListObjectsV2 with {@code encoding-type=url}: keys and prefixes URL-encoded (the CLI always asks for it). */
    static String encoded(String value, boolean url) {
        if (value == null || !url) {
            return value;
        }
        return SigV4.encode(value).replace("%2F", "/");
    }

    static Xml contents(ObjectVersion v, boolean url) {
        return Xml.node("Contents", Xml.el("Key", encoded(v.key(), url)), Xml.el("LastModified", iso(v.lastModified())),
                Xml.el("ETag", v.etag()), v.checksums().isEmpty() ? null
                        : Xml.el("ChecksumAlgorithm", v.checksums().keySet().iterator().next()),
                Xml.el("ChecksumType", v.checksums().isEmpty() ? null : "FULL_OBJECT"),
                Xml.el("Size", v.size()), Xml.el("StorageClass", "STANDARD"));
    }
}
