package dev.deferred.mdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The chosen context keys are in the MDC while a callback runs, on any thread, and put back after. */
class MdcBridgeTest {
    static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");
    static final ContextKey<Integer> USER = ContextKey.named("user");
    static final ContextKey<String> SECRET = ContextKey.named("secret");

    private MdcBridge bridge = MdcBridge.install(REQUEST_ID, USER);

    @AfterEach
    void close() {
        bridge.close();
        MDC.clear();
    }

    @Test
    void callbackFiredOnAnotherThreadLogsWithItsRequestsMdc() throws Exception {
        Deferred<String> d = new Deferred<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        DeferredContext.with(REQUEST_ID, "r-42", () -> DeferredContext.with(SECRET, "s", () -> d.addCallback(x -> {
            seen.add(MDC.get("requestId") + " " + MDC.get("user") + " " + MDC.get("secret"));
            return x;
        })));
        AtomicReference<String> after = new AtomicReference<>();
        Thread firer = new Thread(() -> {
            MDC.put("requestId", "firer's own");
            d.callback("v");
            after.set(MDC.get("requestId"));
        });
        firer.start();
        assertTrue(firer.join(Duration.ofSeconds(30)));
        // Only the chosen keys are mirrored; the firer's MDC is back as it was.
        assertEquals(List.of("r-42 null null"), seen);
        assertEquals("firer's own", after.get());
    }

    @Test
    void withBodyHasTheMdcAndTheMdcIsPutBackAfterwards() {
        MDC.put("other", "kept");
        String inside = DeferredContext.with(USER, 7, () -> MDC.get("user") + " " + MDC.get("other"));
        assertEquals("7 kept", inside);
        assertNull(MDC.get("user"));
        assertEquals("kept", MDC.get("other"));
    }

    @Test
    void aContextWithoutAChosenKeyRemovesItFromTheMdcForItsTime() {
        Deferred<String> d = new Deferred<>();
        AtomicReference<String> seen = new AtomicReference<>();
        DeferredContext.with(USER, 1, () -> d.addCallback(x -> {
            seen.set(MDC.get("requestId") + " " + MDC.get("user"));
            return x;
        }));
        DeferredContext.with(REQUEST_ID, "outer", () -> {
            d.callback("v");
            assertEquals("outer", MDC.get("requestId"));
            assertNull(MDC.get("user"));
        });
        assertEquals("null 1", seen.get());
        assertNull(MDC.get("requestId"));
    }

    @Test
    void closedBridgeNoLongerMirrors() {
        bridge.close();
        assertNull(DeferredContext.with(REQUEST_ID, "r", () -> MDC.get("requestId")));
        bridge = MdcBridge.install(REQUEST_ID);
        assertEquals("r", DeferredContext.with(REQUEST_ID, "r", () -> MDC.get("requestId")));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, MdcBridge::install);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MdcBridge.install(REQUEST_ID, ContextKey.named("requestId")));
        assertTrue(e.getMessage().contains("requestId"), e.getMessage());
        assertThrows(NullPointerException.class, () -> MdcBridge.install(REQUEST_ID, null));
    }
}
