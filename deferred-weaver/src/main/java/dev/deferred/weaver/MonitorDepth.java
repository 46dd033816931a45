package dev.deferred.weaver;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * How many monitors a method holds at each instruction ({@code synchronized} blocks), by a flow
 * analysis over its control-flow graph including exception edges: an await with a monitor held
 * cannot be woven (the body would return from the method, and the monitor with it).
 */
final class MonitorDepth {
    private MonitorDepth() {}

    /** Depth per instruction index; -1 where unreachable. */
    static int[] of(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        if (n == 0) {
            return depth;
        }
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            AbstractInsnNode insn = insns.get(i);
            int d = depth[i];
            int op = insn.getOpcode();
            int after = op == Opcodes.MONITORENTER ? d + 1 : op == Opcodes.MONITOREXIT ? Math.max(0, d - 1) : d;
            for (TryCatchBlockNode tc : m.tryCatchBlocks) {
                if (insns.indexOf(tc.start) <= i && i < insns.indexOf(tc.end)) {
                    flow(insns.indexOf(tc.handler), d, depth, work);
                }
            }
            if (insn instanceof JumpInsnNode j) {
                flow(insns.indexOf(j.label), after, depth, work);
                if (op == Opcodes.GOTO) {
                    continue;
                }
            } else if (insn instanceof TableSwitchInsnNode ts) {
                targets(insns, ts.dflt, ts.labels, after, depth, work);
                continue;
            } else if (insn instanceof LookupSwitchInsnNode ls) {
                targets(insns, ls.dflt, ls.labels, after, depth, work);
                continue;
            } else if (op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
                continue;
            }
            if (i + 1 < n) {
                flow(i + 1, after, depth, work);
            }
        }
        return depth;
    }

    private static void targets(InsnList insns, LabelNode dflt, List<LabelNode> labels, int d, int[] depth,
            Deque<Integer> work) {
        flow(insns.indexOf(dflt), d, depth, work);
        for (LabelNode l : labels) {
            flow(insns.indexOf(l), d, depth, work);
        }
    }

    private static void flow(int to, int d, int[] depth, Deque<Integer> work) {
        // The deepest count wins: a path that still holds a monitor is the one that matters.
        if (d > depth[to] && d < 256) { // bounded: an unbalanced loop cannot run away
            depth[to] = d;
            work.push(to);
        }
    }
}
