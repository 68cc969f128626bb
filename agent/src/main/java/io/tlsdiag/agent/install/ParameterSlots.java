package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.AdviceMethodVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.HashSet;
import java.util.Set;

/**
 * The methods of a class whose {@code this} or parameter slots do not keep their declared types throughout: the code
 * stores into such a slot, or one of the class's own stack map frames gives the slot another type or none (an
 * optimiser such as ProGuard reuses and trims the slots of dead parameters). The handler the advice adds declares
 * those slots with their declared types, and the verifier would refuse the woven class; such a method is left
 * unwoven. Only application classes are scanned: the JDK's are javac's.
 */
final class ParameterSlots extends ClassVisitor {

    private final Set<String> unsafe = new HashSet<String>();
    private String owner;

    private ParameterSlots() {
        super(Opcodes.ASM9);
    }

    /** {@code name + descriptor} of every method whose parameter slots change type. */
    static Set<String> unsafeMethods(ClassReader reader) {
        ParameterSlots scan = new ParameterSlots();
        reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
        return scan.unsafe;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
    }

    @Override
    public MethodVisitor visitMethod(int access, final String name, final String descriptor, String signature,
                                     String[] exceptions) {
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        final int parameterSlots = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - (isStatic ? 1 : 0);
        final Object[] declared = declaredFrame(isStatic, descriptor);
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitVarInsn(int opcode, int slot) {
                if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && slot < parameterSlots) {
                    unsafe.add(name + descriptor);
                }
            }

            @Override
            public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                if (numLocal < declared.length) {
                    unsafe.add(name + descriptor);
                    return;
                }
                for (int i = 0; i < declared.length; i++) {
                    if (!declared[i].equals(local[i])) {
                        unsafe.add(name + descriptor);
                        return;
                    }
                }
            }
        };
    }

    /** {@code this} and the parameters as a frame lists them (one entry for a long or double). */
    private Object[] declaredFrame(boolean isStatic, String descriptor) {
        Type[] args = Type.getArgumentTypes(descriptor);
        Object[] out = new Object[args.length + (isStatic ? 0 : 1)];
        int i = 0;
        if (!isStatic) {
            out[i++] = owner;
        }
        for (Type t : args) {
            out[i++] = AdviceMethodVisitor.frameType(t);
        }
        return out;
    }
}
