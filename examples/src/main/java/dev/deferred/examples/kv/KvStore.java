package dev.deferred.examples.kv;

import java.util.HashMap;
import java.util.Map;

/**
 * The state every {@link KvServer} connection shares. Touched on the reactor thread only, which is
 * why plain fields and a {@link HashMap} are enough.
 */
public final class KvStore {
    /** The keys and values. */
    final Map<String, String> data = new HashMap<>();
    /** Connections open right now. */
    int connectionsOpen;
    /** Commands answered so far. */
    int commandsServed;

    /** An empty store. */
    public KvStore() {
    }

    /**
     * How many connections are open.
     *
     * @return the count
     */
    public int connectionsOpen() {
        return connectionsOpen;
    }

    /**
     * How many commands were served.
     *
     * @return the count
     */
    public int commandsServed() {
        return commandsServed;
    }

    /**
     * A copy of the data.
     *
     * @return key to value
     */
    public Map<String, String> snapshot() {
        return Map.copyOf(data);
    }
}
