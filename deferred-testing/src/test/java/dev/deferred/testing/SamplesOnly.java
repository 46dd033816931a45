package dev.deferred.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the sample test classes (run through EngineTestKit by the extension tests) from
 * running on their own, e.g. from an IDE: they run only when the kit sets {@link #KEY}.
 */
final class SamplesOnly implements ExecutionCondition {
    static final String KEY = "dev.deferred.testing.samples";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(KEY).isPresent()
                ? ConditionEvaluationResult.enabled("run by an extension test")
                : ConditionEvaluationResult.disabled("a sample for an extension test");
    }
}
