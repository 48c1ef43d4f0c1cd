package dev.mdevsim.load;

import java.util.List;

/**
 * What a client does next: one request, or (early-remove) a create and a remove of the same UUID
 * sent together, so that the remove arrives while the create is in flight.
 */
public record Step(List<Request> requests) {

    public Step {
        requests = List.copyOf(requests);
    }

    /**
     * One request. {@code uuid} is the text the client sends (a malformed one for {@link OpKind#INVALID});
     * {@code parent} and {@code type} are null for removes.
     */
    public record Request(OpKind op, boolean create, String parent, String type, String uuid) {
    }
}
