package io.tlsdiag.agent.hook;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent never makes a DNS look-up (README: "no DNS look-up is ever made"): it runs on the application's threads,
 * where one could block for seconds. This reads the constant pool of every agent class and fails on any call that can
 * resolve a name. (The CLI is not the agent: {@code probe} connects to a host by name on purpose.)
 */
class NoDnsLookupTest {

    /** "owner.name" or "owner.name descriptor" of calls that may resolve a host name or an address. */
    private static final Set<String> RESOLVING = Set.of(
            "java/net/InetAddress.getByName", "java/net/InetAddress.getAllByName",
            "java/net/InetAddress.getHostName", "java/net/InetAddress.getCanonicalHostName",
            "java/net/InetAddress.getLocalHost", "java/net/InetAddress.isReachable",
            "java/net/Inet4Address.getHostName", "java/net/Inet6Address.getHostName",
            "java/net/Inet4Address.getCanonicalHostName", "java/net/Inet6Address.getCanonicalHostName",
            "java/net/InetSocketAddress.getHostName",
            "java/net/InetSocketAddress.<init> (Ljava/lang/String;I)V",
            "java/net/Socket.<init> (Ljava/lang/String;I)V",
            "java/net/URL.equals", "java/net/URL.hashCode", "java/net/URL.sameFile",
            "java/net/URL.openConnection", "java/net/URL.openStream");

    @Test
    void noAgentClassCallsAnythingThatResolvesNames() throws Exception {
        Path classes = Path.of(Hooks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path agent = classes.resolve("io/tlsdiag/agent");
        List<String> found = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(agent)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                try (InputStream in = Files.newInputStream(f)) {
                    for (String ref : memberRefs(in)) {
                        String owner = ref.substring(0, ref.indexOf(' '));
                        if (RESOLVING.contains(owner) || RESOLVING.contains(ref)) {
                            found.add(classes.relativize(f) + " -> " + ref);
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 50, "expected the agent's classes under " + agent + ", scanned " + scanned);
        assertEquals(List.of(), found);
    }

    @Test
    void theScanSeesCallsLikeThese() throws Exception {
        try (InputStream in = NoDnsLookupTest.class.getResourceAsStream("NoDnsLookupTest$Resolves.class")) {
            assertTrue(memberRefs(in).contains("java/net/InetAddress.getByName (Ljava/lang/String;)Ljava/net/InetAddress;"));
        }
    }

    /** Only here so the scan can be shown to find such a call. */
    @SuppressWarnings("unused")
    private static final class Resolves {
        static Object resolve(String host) throws IOException {
            return java.net.InetAddress.getByName(host);
        }
    }

    /** Every Methodref and InterfaceMethodref of a class file as "owner.name descriptor". */
    static List<String> memberRefs(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[][] refs = new int[count][];
        int[] classNames = new int[count];
        int[][] nameAndTypes = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
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
        List<String> out = new ArrayList<>();
        for (int[] ref : refs) {
            if (ref != null) {
                int[] nt = nameAndTypes[ref[1]];
                out.add(utf8[classNames[ref[0]]] + "." + utf8[nt[0]] + " " + utf8[nt[1]]);
            }
        }
        return out;
    }
}
