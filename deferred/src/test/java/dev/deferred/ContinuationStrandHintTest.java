package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The --add-exports advice in InlineCallbacks.mechanism(): ALL-UNNAMED reaches code on the class
 * path only; on the module path the export must name the library's module.
 */
class ContinuationStrandHintTest {

    @Test
    void onTheClassPathTheExportGoesToAllUnnamed() {
        assertEquals("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED",
                ContinuationStrand.addExportsOption(ClassLoader.getSystemClassLoader().getUnnamedModule()));
    }

    @Test
    void inANamedModuleTheExportNamesThatModule() {
        assertEquals("--add-exports java.base/jdk.internal.vm=java.logging",
                ContinuationStrand.addExportsOption(ModuleLayer.boot().findModule("java.logging").orElseThrow()));
    }

    @Test
    void theReasonGivenInThisRunNamesThisRunsModule() {
        String reason = ContinuationStrand.UNAVAILABLE_REASON;
        if (reason != null && reason.contains("--add-exports")) {
            assertTrue(reason.contains(ContinuationStrand.addExportsOption(ContinuationStrand.class.getModule())), reason);
        }
    }
}
