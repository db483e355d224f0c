package io.consulfactory.local.cloud.s3;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.RestService;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon S3 (REST-XML, signing name {@code s3}): the doorway. {@link S3Wire} names the operation a request asks for
 * and renders errors, {@link S3OperationsWire} serves each operation, {@link Buckets} and {@link Bucket} hold the
 * state and its rules, {@link S3Errors} names the errors (the operations and the simplifications: the package's
 * javadoc). Requests signed with an access key registered with {@link LocalAws#registerCredentials} have their SigV4
 * signature checked, chunk by chunk for signed streaming uploads ({@link #verifiesSignatures()}).
 */
public final class S3Service implements RestService {

    private final LocalAws aws;
    private final Buckets buckets = new Buckets();
    private final S3OperationsWire operations = new S3OperationsWire(buckets);

    public S3Service(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public Protocol protocol() {
        return Protocol.REST_XML;
    }

    @Override
    public String xmlNamespace() {
        return S3Wire.NAMESPACE;
    }

    /** The servers' snapshots go up with their node role's keys: those are checked when registered. */
    @Override
    public boolean verifiesSignatures() {
        return true;
    }

    @Override
    public void reset() {
        buckets.reset();
    }

    @Override
    public void advanceTo(Instant now) {
        buckets.advanceTo(now);
    }

    // ---- the Java API for local code (the Consul model's snapshots, the local workflow's stack bucket)

    /** Creates a bucket in {@link LocalAws#DEFAULT_REGION}, as {@code CreateBucket} would (an existing one is kept). */
    public Bucket createBucket(String name) {
        synchronized (aws) {
            return buckets.create(name, LocalAws.DEFAULT_REGION, null, aws.now());
        }
    }

    public Optional<Bucket> bucket(String name) {
        synchronized (aws) {
            return buckets.find(name);
        }
    }

    /**
     * Puts an object as PutObject would.
     *
     * @throws AwsError {@code NoSuchBucket} (404) when there is no such bucket
     */
    public ObjectVersion putObject(String bucket, String key, byte[] data) {
        synchronized (aws) {
            return buckets.put(bucket, key, data, null, Map.of(), Map.of(), aws.now());
        }
    }

    /** The current version's bytes, or empty when the bucket or key does not exist (or is a delete marker). */
    public Optional<byte[]> getObject(String bucket, String key) {
        synchronized (aws) {
            return buckets.find(bucket).flatMap(b -> b.current(key)).map(ObjectVersion::bytes);
        }
    }

    /** The keys under a prefix, in S3's order (current versions that are not delete markers); empty for no bucket. */
    public List<String> listKeys(String bucket, String prefix) {
        synchronized (aws) {
            if (buckets.find(bucket).isEmpty()) {
                return List.of();
            }
            return buckets.list(bucket, prefix, null, null, null, Integer.MAX_VALUE).contents().stream()
                    .map(ObjectVersion::key).toList();
        }
    }

    // ---- the wire's

    @Override
    public String operation(Request request) {
        return S3Wire.operation(request);
    }

    @Override
    public Map<String, String> logged(Request request) {
        return S3Wire.logged(request);
    }

    @Override
    public Response error(Request request, AwsError error) {
        return S3Wire.error(request, error);
    }

    @Override
    public Response serve(Request request, String operation) {
        return operations.serve(request, operation, aws.now());
    }
}
