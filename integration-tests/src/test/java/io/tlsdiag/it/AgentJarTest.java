package io.tlsdiag.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped jar: only our own packages (dependencies relocated), Java 8 bytecode, and all three entry points. */
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
}
