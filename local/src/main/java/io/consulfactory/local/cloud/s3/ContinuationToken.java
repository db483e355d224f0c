package io.consulfactory.local.cloud.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: "obfuscated and is not a real key"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). Here the base64 of the
 * bucket and the last key or common prefix returned; a token that is not one of the bucket's is refused as S3 refuses
 * it ({@link S3Errors#invalidContinuationToken}).
 */
final class ContinuationToken {

    private ContinuationToken() {
    }

    static String encode(String last, String bucket) {
        return Base64.getEncoder().encodeToString((bucket + "\n" + last).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token, String bucket) {
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(bucket + "\n")) {
                return text.substring(bucket.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        throw S3Errors.invalidContinuationToken();
    }
}
