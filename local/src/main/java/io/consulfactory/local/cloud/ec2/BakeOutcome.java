package io.consulfactory.local.cloud.ec2;

/**
 * What a simulated builder's bake script does once the instance runs: succeed (print the OK line with the
 * version its user data asked for, then power off), fail with a reason (print the FAILED line, power off),
 * or hang (print nothing, keep running).
 */
public record BakeOutcome(Kind kind, String reason) {

    public enum Kind { SUCCEED, FAIL, HANG }

    public static BakeOutcome succeed() {
        return new BakeOutcome(Kind.SUCCEED, null);
    }

    public static BakeOutcome fail(String reason) {
        return new BakeOutcome(Kind.FAIL, reason);
    }

    public static BakeOutcome hang() {
        return new BakeOutcome(Kind.HANG, null);
    }
}
