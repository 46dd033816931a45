package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.constraints.IntRange;

/**
 * Adding callbacks before the root fires, after it fired, or some before and some after, gives the
 * same callbacks, arguments, order and final states (and the same as the model).
 */
@AddLifecycleHook(ScaledTries.class)
class FiringOrderProperties {

    @Property(tries = 2000)
    void addingBeforeOrAfterFiringIsTheSame(@ForAll("cases") LinearCase c, @ForAll @IntRange(max = 10) int at) {
        int firePos = Math.min(at, c.rootAdds().size());
        List<String> fireFirst = Runner.trace(c.withFireAt(0));
        List<String> fireLast = Runner.trace(c.withFireAt(c.rootAdds().size()));
        List<String> fireBetween = Runner.trace(c.withFireAt(firePos));
        assertEquals(String.join("\n", fireLast), String.join("\n", fireFirst), "fired first vs last:" + c);
        assertEquals(String.join("\n", fireLast), String.join("\n", fireBetween), "fired after " + firePos + " adds vs last:" + c);
        assertEquals(String.join("\n", Model.trace(c.withFireAt(firePos))), String.join("\n", fireBetween),
                "model vs implementation, fired after " + firePos + " adds:" + c);
    }

    @Provide
    Arbitrary<LinearCase> cases() {
        return LinearCase.cases();
    }
}
