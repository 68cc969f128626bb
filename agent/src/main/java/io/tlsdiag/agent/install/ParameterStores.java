package io.tlsdiag.agent.install;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.HashSet;
import java.util.Set;

/**
 * The methods of a class that store into {@code this}'s or a parameter's local slot. The handler the advice adds
 * declares those slots with their declared types; javac never stores another type there, but an optimiser (ProGuard
 * reuses the slots of dead parameters) may, and the verifier would then refuse the woven class. Such a method is
 * left unwoven. Only application classes are scanned: the JDK's are javac's.
 */
final class ParameterStores extends ClassVisitor {

    private final Set<String> storing = new HashSet<String>();

    private ParameterStores() {
        super(Opcodes.ASM9);
    }

    /** {@code name + descriptor} of every method that stores into a parameter slot. */
    static Set<String> of(ClassReader reader) {
        ParameterStores scan = new ParameterStores();
        reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return scan.storing;
    }

    @Override
    public MethodVisitor visitMethod(int access, final String name, final String descriptor, String signature,
                                     String[] exceptions) {
        final int parameterSlots = (Type.getArgumentsAndReturnSizes(descriptor) >> 2)
                - ((access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitVarInsn(int opcode, int slot) {
                if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && slot < parameterSlots) {
                    storing.add(name + descriptor);
                }
            }

            @Override
            public void visitIincInsn(int slot, int increment) {
                // An int parameter stays an int: no change of type, nothing to refuse.
            }
        };
    }
}
