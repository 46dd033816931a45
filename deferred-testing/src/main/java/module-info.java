/**
 * Test helpers for code that uses Deferreds: {@link dev.deferred.testing.DeferredAssertions}
 * (Twisted's {@code successResultOf}, {@code failureResultOf}, {@code assertNoResult}) and
 * {@link dev.deferred.testing.NoUnhandledErrorsExtension}, a JUnit 5 extension that fails a test
 * which left an unhandled error in a Deferred.
 */
module dev.deferred.testing {
    requires transitive dev.deferred;
    // transitive: NoUnhandledErrorsExtension implements JUnit's extension interfaces in our API.
    requires transitive org.junit.jupiter.api;

    exports dev.deferred.testing;
}
