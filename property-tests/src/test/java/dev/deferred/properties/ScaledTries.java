package dev.deferred.properties;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Multiplies every property's tries by the system property {@code props.scale} (default 1), so
 * that CI stays fast while a long hunt is one flag away:
 * {@code mvn -pl property-tests -am test -Dprops.scale=20}.
 */
public class ScaledTries implements AroundPropertyHook {
    static final double SCALE = Double.parseDouble(System.getProperty("props.scale", "1"));

    /** Registered on a class, it must reach the class's property methods. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (SCALE != 1) {
            int tries = context.attributes().tries().orElse(1000);
            context.attributes().setTries((int) Math.max(1, Math.round(tries * SCALE)));
        }
        return property.execute();
    }
}
