package dev.deferred.weaver;

/** The names and descriptors the weaver matches and generates calls to: it never loads the core. */
final class Names {
    private Names() {}

    static final String COROUTINE = "dev/deferred/InlineCallbacks$Coroutine";
    static final String COROUTINE_DESC = "L" + COROUTINE + ";";
    static final String DEFERRED_DESC = "Ldev/deferred/Deferred;";
    static final String AWAIT = "await";
    static final String AWAIT_DESC = "(" + DEFERRED_DESC + ")Ljava/lang/Object;";
    static final String BODY_SAM = "io/vavr/CheckedFunction1";
    static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    /** The runtime class woven code calls (public, in the core's exported package). */
    static final String RUNTIME = "dev/deferred/WovenInline";
    static final String RUNTIME_BODY = "body";
    static final String RUNTIME_BODY_DESC = "(L" + BODY_SAM + ";)L" + BODY_SAM + ";";
    static final String RUNTIME_TRY_AWAIT = "tryAwait";
    static final String RUNTIME_TRY_AWAIT_DESC = "(" + COROUTINE_DESC + DEFERRED_DESC + ")Ljava/lang/Object;";
    static final String RUNTIME_PENDING = "PENDING";
    static final String RUNTIME_SUSPEND = "suspend";
    static final String RUNTIME_SUSPEND_DESC = "([Ljava/lang/Object;ILjava/lang/invoke/MethodHandle;)V";

    /** The descriptor of every generated resume method: (frame, state, value, failure) -> result. */
    static final String RESUME_DESC = "([Ljava/lang/Object;ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";
    /** Slots the resume method's own parameters take before the body's shifted locals. */
    static final int RESUME_PARAMS = 4;
}
