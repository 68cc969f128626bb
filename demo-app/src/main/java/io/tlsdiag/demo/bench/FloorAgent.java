package io.tlsdiag.demo.bench;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The benchmark's floor: an agent that registers one retransform-capable transformer that changes nothing. What it
 * costs a JVM is what any {@code -javaagent} with a transformer costs, before the agent does any work of its own
 * (the JVM hands every class it loads to the transformer, and its archived module graph is not used).
 */
public final class FloorAgent {

    private FloorAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new ClassFileTransformer() {
        }, true);
    }
}
