package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.AdviceMethodVisitor;
import io.tlsdiag.agent.util.AgentLog;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weaves advice into one class file with ByteBuddy's ASM, in one pass: the class is read once, methods that no advice
 * selects are copied as they are, and nothing outside the class file is resolved or loaded. This is the only part of
 * ByteBuddy the agent loads (about forty classes), which is what keeps a JVM's first handshake fast (see
 * docs/performance.md); a static method, so that registering the transformer loads none of it. A method whose shape does not fit its advice (a JDK that renamed a field) is left as it is.
 */
final class Weaver {

    private Weaver() {
    }

    /** The woven class, or null when no method matched (an interface, a class that only mentions the marker). */
    static byte[] weave(String internalName, byte[] bytes, List<HookPoint> points) {
        ClassReader reader = new ClassReader(bytes);
        List<HookPoint> applicable = AdviceClassVisitor.withSuperclass(points, reader.getSuperName());
        if (applicable.isEmpty()) {
            return null; // it only mentions SSLEngine (or SSLEngineResult): nothing to write
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        // javac's output never stores another type into a parameter's slot; only other compilers' may.
        boolean jdkClass = points.get(0).className != null
                || io.tlsdiag.agent.util.JdkClasses.isJdk(internalName.replace('/', '.'));
        AdviceClassVisitor visitor = new AdviceClassVisitor(writer, applicable,
                jdkClass ? Collections.<String>emptySet() : ParameterSlots.unsafeMethods(reader));
        reader.accept(visitor, 0);
        return visitor.woven ? writer.toByteArray() : null;
    }

    /** The hooks that apply to this class file (for the debug log): those whose superclass it has. */
    static List<HookPoint> applicable(List<HookPoint> points, byte[] bytes) {
        return AdviceClassVisitor.withSuperclass(points, new ClassReader(bytes).getSuperName());
    }

    private static final class AdviceClassVisitor extends ClassVisitor {
        private final List<HookPoint> points;
        private final Set<String> unsafeParameterSlots;
        private final Map<String, String> fields = new HashMap<String, String>();
        private String owner;
        private boolean frames;
        boolean woven;

        AdviceClassVisitor(ClassVisitor next, List<HookPoint> points, Set<String> unsafeParameterSlots) {
            super(Opcodes.ASM9, next);
            this.points = points;
            this.unsafeParameterSlots = unsafeParameterSlots;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        /** Drops the hooks that want another superclass (a class that only mentions SSLEngine, say). */
        private static List<HookPoint> withSuperclass(List<HookPoint> points, String superName) {
            List<HookPoint> kept = new java.util.ArrayList<HookPoint>(points.size());
            for (HookPoint p : points) {
                if (p.acceptsSuperclass(superName)) {
                    kept.add(p);
                }
            }
            return kept;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
                fields.put(name, descriptor);
            }
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            for (HookPoint p : points) {
                if (!p.advice().matches(access, name, descriptor)) {
                    continue;
                }
                if (unsafeParameterSlots.contains(name + descriptor)) {
                    if (AgentLog.debug()) {
                        AgentLog.info("not hooking " + owner.replace('/', '.') + "." + name + descriptor
                                + ": its parameter slots change type (see ParameterSlots)");
                    }
                    continue;
                }
                String misfit = p.advice().misfit(name, descriptor, fields);
                if (misfit != null) { // a JDK whose hooked method changed: worth a line
                    AgentLog.info("not hooking " + owner.replace('/', '.') + "." + name + descriptor + ": " + misfit);
                    continue;
                }
                mv = new AdviceMethodVisitor(mv, p.advice(), owner, name, descriptor, fields, frames);
                woven = true;
            }
            return mv;
        }
    }
}
