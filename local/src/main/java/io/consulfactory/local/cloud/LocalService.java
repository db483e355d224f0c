package io.consulfactory.local.cloud;

/**
 * One AWS service of the local AWS. {@link #handle} returns the response content for the protocol:
 * for {@link Protocol#EC2_QUERY} the elements after {@code requestId}; for {@link Protocol#AWS_QUERY} the
 * children of {@code <ActionResult>} ({@code null} for actions without a result); for
 * {@link Protocol#AWS_JSON} a Jackson-serialisable value. Throw {@link AwsError} to answer an error.
 * Calls are serialised by {@link LocalAws}: implementations need no locking of their own.
 */
public interface LocalService {

    /** The signing name from the SigV4 credential scope, e.g. {@code ec2}. */
    String signingName();

    Protocol protocol();

    /** The query protocols' XML namespace, e.g. {@code https://iam.amazonaws.com/doc/2010-05-08/}. */
    default String xmlNamespace() {
        return null;
    }

    /** The JSON protocol's target prefix, e.g. {@code AmazonSSM}. */
    default String targetPrefix() {
        return null;
    }

    Object handle(AwsRequest request);

    /**
     * Whether {@link LocalAws} checks the SigV4 signature of this service's requests signed with an access key
     * registered by {@link LocalAws#registerCredentials} (others are served unchecked).
     */
    default boolean verifiesSignatures() {
        return false;
    }

    /** The response content type: the protocol's, unless the service speaks another version of it. */
    default String contentType() {
        return protocol().contentType();
    }

    /**
     * Moves this service's own processes (instance states, scaling, refreshes) up to {@code now}. Called in
     * small steps of the local clock, for every service in turn, before any call is answered.
     */
    default void advanceTo(java.time.Instant now) {
    }

    /** Forgets all state (between tests). */
    void reset();
}
