package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed request.
 *
 * @param params query parameters (query protocols; empty for JSON)
 * @param json   the JSON body (JSON protocol; an empty object for query)
 */
public record AwsRequest(String service, String action, String region, String accessKeyId, QueryParams params,
                         JsonNode json) {
}
