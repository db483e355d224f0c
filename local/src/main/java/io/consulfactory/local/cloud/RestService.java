package io.consulfactory.local.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service whose protocol is REST (Amazon S3's REST-XML): the operation is named by the method, the path and the
 * query's subresources, members travel in headers, and bodies may be binary, so {@link LocalAws} hands it the HTTP
 * request whole instead of an {@link AwsRequest} and sends back what it answers as it is. Faults, the call log and
 * the one lock are {@link LocalAws}'s, as for every other service.
 */
public interface RestService extends LocalService {

    /**
     * One HTTP request as received.
     *
     * @param headers         header names lowercased, each with its values
     * @param secretAccessKey the secret of the signing access key when it is {@linkplain LocalAws#registerCredentials
     *                        registered} (its signature must then be checked), else {@code null}
     */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                   String region, String accessKeyId, String secretAccessKey, String requestId) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public static Map<String, List<String>> lowercased(Map<String, List<String>> headers) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            headers.forEach((k, v) -> {
                if (k != null) {
                    out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>()).addAll(v);
                }
            });
            return out;
        }
    }

    /** What to answer: status, headers (besides Content-Length) and the body, empty for none. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /** The API operation a request names, e.g. {@code PutObject}: for faults and the call log, before it is served. */
    String operation(Request request);

    /** The request's members worth logging (never a body). */
    Map<String, String> logged(Request request);

    /** Serves the request; throws {@link AwsError} to answer an error. */
    Response serve(Request request, String operation);

    /** The error answer in the service's own shape. */
    Response error(Request request, AwsError error);

    @Override
    default Object handle(AwsRequest request) {
        throw new UnsupportedOperationException(signingName() + " speaks REST: LocalAws calls serve(Request)");
    }
}
