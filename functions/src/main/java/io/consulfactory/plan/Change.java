package io.consulfactory.plan;

/**
 * One difference between the spec the cluster runs and the new one.
 *
 * @param how what the workflow does about it, or, when refused, why and the way to make the change
 */
public record Change(String field, String from, String to, ChangeKind kind, String how) {
}
