package io.consulfactory.resources;

/**
 * A resource with the factory's name exists but was not made by the factory. Retrying cannot help: the
 * operator must rename the cluster or remove the other resource. Nothing is changed on it.
 */
public class ResourceConflictException extends RuntimeException {

    public ResourceConflictException(String message) {
        super(message);
    }
}
