package dev.deferred.properties;

/** The unchecked failure that generated programs throw and errback with; its message is a label. */
final class Boom extends RuntimeException {
    Boom(String label) {
        super(label, null, false, false);
    }
}
