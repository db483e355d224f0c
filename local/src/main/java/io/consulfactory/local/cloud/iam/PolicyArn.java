package io.consulfactory.local.cloud.iam;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A managed policy's ARN, {@code arn:aws:iam::<account or aws>:policy<path><name>}, taken apart
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 *
 * @param account the account id, or {@code aws} for an AWS managed policy
 * @param path    {@code /} or {@code /a/b/}
 */
record PolicyArn(String arn, String account, String path, String name) {

    private static final Pattern ARN = Pattern.compile("arn:aws:iam::(aws|\\d{12}):policy(/(?:.*/)?)([\\w+=,.@-]+)");

    /** The parts of a well-formed policy ARN; empty for anything else. */
    static Optional<PolicyArn> of(String arn) {
        Matcher m = ARN.matcher(arn);
        return m.matches() ? Optional.of(new PolicyArn(arn, m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** The parts of a policy ARN, or IAM's {@code InvalidInput} for a string that is none. */
    static PolicyArn parse(String arn) {
        return of(arn).orElseThrow(() -> IamErrors.invalidArn(arn));
    }
}
