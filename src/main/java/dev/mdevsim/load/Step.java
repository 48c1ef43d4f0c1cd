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
     * {@code parent} and {@code type} are null for removes. {@code value} is that text parsed once
     * (null when malformed), for the runner and the history writer.
     */
    public record Request(OpKind op, boolean create, String parent, String type, String uuid, java.util.UUID value) {
        public Request(OpKind op, boolean create, String parent, String type, String uuid) {
            this(op, create, parent, type, uuid, dev.mdevsim.core.Uuids.parseOrNull(uuid));
        }
    }
}
