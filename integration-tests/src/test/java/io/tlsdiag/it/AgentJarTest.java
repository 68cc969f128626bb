package io.tlsdiag.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped jar: only our own packages (dependencies relocated), Java 8 bytecode, all three entry points, and the
 * licence and notice files that Apache-2.0 §4 (and ASM's and FastDoubleParser's licences) ask a redistributor to keep.
 */
class AgentJarTest {

    @Test
    void everyClassLivesInTheProjectsOwnPackages() throws Exception {
        List<String> strangers = new ArrayList<>();
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("io/tlsdiag/")) {
                    strangers.add(name);
                }
            }
        }
        assertEquals(List.of(), strangers, "classes outside io/tlsdiag/ would clash with the application's");
    }

    @Test
    void everyClassIsJava8Bytecode() throws Exception {
        int checked = 0;
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().startsWith("io/tlsdiag/agent/") || !entry.getName().endsWith(".class")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
                    assertEquals(0xCAFEBABE, data.readInt());
                    data.readUnsignedShort();
                    assertEquals(52, data.readUnsignedShort(), entry.getName() + " must be Java 8 bytecode");
                    checked++;
                }
            }
        }
        assertTrue(checked > 30, "checked " + checked + " agent classes");
    }

    @Test
    void manifestDeclaresLaunchAttachAndCommandLineEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.tlsdiag.agent.TlsDiagAgent", a.getValue("Premain-Class"));
            assertEquals("io.tlsdiag.agent.TlsDiagAgent", a.getValue("Agent-Class"));
            assertEquals("io.tlsdiag.cli.Main", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void carriesItsOwnLicenceAndNoticeAndThoseOfEveryBundledLibrary() throws Exception {
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            String license = text(jar, "META-INF/LICENSE");
            assertEquals(Files.readString(Path.of("../LICENSE")), license, "tlsdiag's own LICENSE, the repository's");
            assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"), license);
            String notice = text(jar, "META-INF/NOTICE");
            assertEquals(Files.readString(Path.of("../NOTICE")), notice);
            assertTrue(notice.startsWith("tlsdiag"), notice);

            // Byte Buddy: its licence (which points at the bundled ASM), ASM's BSD licence, its notice.
            assertTrue(text(jar, "META-INF/licenses/byte-buddy/LICENSE").contains("This product bundles ASM"));
            assertTrue(text(jar, "META-INF/licenses/byte-buddy/licenses/ASM").contains("INRIA, France Telecom"));
            assertTrue(text(jar, "META-INF/licenses/byte-buddy/NOTICE").contains("Rafael Winterhalter"));
            // Jackson: each module's licence and notice, and the licences of the code jackson-core bundles.
            for (String module : List.of("jackson-databind", "jackson-core", "jackson-annotations")) {
                assertTrue(text(jar, "META-INF/licenses/" + module + "/LICENSE").contains("Apache License"), module);
                assertTrue(text(jar, "META-INF/licenses/" + module + "/NOTICE").contains("Tatu Saloranta"), module);
            }
            assertTrue(text(jar, "META-INF/licenses/jackson-core/FastDoubleParser-NOTICE").contains("MIT License"));
            assertTrue(text(jar, "META-INF/licenses/jackson-core/thirdparty-LICENSE").contains("fast_float"));
        }
    }

    private static String text(JarFile jar, String name) throws Exception {
        JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, name + " is missing from the jar");
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
