package io.consulfactory.plan;

/** How a difference between the running cluster and the new spec may be made, if at all. */
public enum ChangeKind {
    /** Made where it is (security group rules, the factory's own settings): no server is replaced. */
    IN_PLACE,
    /** Rolled out by replacing one server at a time through the join gate (new image or launch template). */
    ROLL,
    /** Made one server at a time, each step confirmed by Consul (the server count). */
    STEP,
    /** New servers could not join the old ones, or Consul could not survive it: refused before anything changes. */
    REFUSED
}
