package io.tlsdiag.agent;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a compiled class refers to, read from its constant pool with nothing but the JDK: the tests that check the
 * agent's classes (no DNS look-up, the package layers) read the bytes javac wrote, not the sources.
 */
public final class ClassFiles {

    /** A class type inside a descriptor or generic signature: {@code Lio/tlsdiag/agent/hook/Hooks;}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    private ClassFiles() {
    }

    /** One class file's references. */
    public static final class References {
        /** Every Methodref and InterfaceMethodref as "owner.name descriptor" (owner in internal form). */
        public final List<String> memberRefs = new ArrayList<>();
        /**
         * Every class it names, in internal form ({@code io/tlsdiag/agent/hook/Hooks}): class constants (calls, field
         * accesses, casts, catch clauses, its super types) and the types in descriptors and signatures (fields,
         * parameters, annotations), which a class may use without any class constant. String literals do not count.
         */
        public final Set<String> classes = new TreeSet<>();
    }

    /** The compiled agent and command line classes: the directory {@code TlsDiagAgent} was loaded from. */
    public static Path agentClasses() throws URISyntaxException {
        return Path.of(TlsDiagAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Every .class file under {@code dir}, sorted. */
    public static List<Path> under(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }

    public static References read(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile)) {
            return read(in);
        }
    }

    public static References read(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[][] refs = new int[count][];
        int[] classNames = new int[count];
        int[][] nameAndTypes = new int[count][];
        boolean[] isString = new boolean[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8 -> isString[in.readUnsignedShort()] = true;
                case 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        References out = new References();
        for (int[] ref : refs) {
            if (ref != null) {
                int[] nt = nameAndTypes[ref[1]];
                out.memberRefs.add(utf8[classNames[ref[0]]] + "." + utf8[nt[0]] + " " + utf8[nt[1]]);
            }
        }
        for (int i = 1; i < count; i++) {
            if (classNames[i] != 0) {
                String name = utf8[classNames[i]];
                if (name.startsWith("[")) {
                    addTypes(name, out.classes); // an array class: [Lio/tlsdiag/...;
                } else {
                    out.classes.add(name);
                }
            } else if (utf8[i] != null && !isString[i]) {
                addTypes(utf8[i], out.classes);
            }
        }
        return out;
    }

    private static void addTypes(String descriptor, Set<String> into) {
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** {@code io/tlsdiag/agent/hook/Hooks$Transport} -> {@code io.tlsdiag.agent.hook}. */
    public static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }
}
