package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.ClassFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        Path classes = ClassFiles.agentClasses();
        Path agent = classes.resolve("io/tlsdiag");
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (Path f : ClassFiles.under(agent)) {
            if (f.startsWith(agent.resolve("cli"))) {
                continue;
            }
            scanned++;
            for (String ref : ClassFiles.read(f).memberRefs) {
                String owner = ref.substring(0, ref.indexOf(' '));
                if (RESOLVING.contains(owner) || RESOLVING.contains(ref)) {
                    found.add(classes.relativize(f) + " -> " + ref);
                }
            }
        }
        assertTrue(scanned > 50, "expected the agent's classes under " + agent + ", scanned " + scanned);
        assertEquals(List.of(), found);
    }

    @Test
    void theScanSeesCallsLikeThese() throws Exception {
        try (InputStream in = NoDnsLookupTest.class.getResourceAsStream("NoDnsLookupTest$Resolves.class")) {
            assertTrue(ClassFiles.read(in).memberRefs.contains("java/net/InetAddress.getByName (Ljava/lang/String;)Ljava/net/InetAddress;"));
        }
    }

    /** Only here so the scan can be shown to find such a call. */
    @SuppressWarnings("unused")
    private static final class Resolves {
        static Object resolve(String host) throws IOException {
            return java.net.InetAddress.getByName(host);
        }
    }
}
