/**
 * The deferred weaver: a build step that rewrites inline-callback bodies
 * ({@code InlineCallbacks.run(co -> ... co.await(d) ...)}) into resumable state machines, so that a
 * body suspends by returning and resumes inside the {@code callback()} that fired its Deferred, on
 * that thread, with no second thread and no JVM flag. See {@link dev.deferred.weaver.Weaver}.
 */
module dev.deferred.weaver {
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.commons;
    requires transitive java.instrument; // Premain's API names its types

    exports dev.deferred.weaver;
}
