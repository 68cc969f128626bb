package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where {@code probe} takes a store's password from (the integration tests are in ProbeOptionsIT and ProbeIT). */
class StorePasswordTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true);
    private final InputStream noStdin = new ByteArrayInputStream(new byte[0]);

    private StorePassword trust() {
        return new StorePassword("trust store", "--truststore");
    }

    @Test
    void aFileGivesItsFirstLineWithoutTheLineEnd() throws Exception {
        StorePassword p = trust();
        p.file = Files.writeString(tmp.resolve("pw"), "s3cret p\u00e4ss\r\nsecond line\n").toFile();
        assertEquals("s3cret p\u00e4ss", p.resolve(Map.of(), noStdin, err));
        p.file = Files.writeString(tmp.resolve("pw2"), "no newline").toFile();
        assertEquals("no newline", p.resolve(Map.of(), noStdin, err));
        assertEquals("", errBytes.toString(), "no warning for a file");
    }

    @Test
    void aMissingFileIsOneClearSentence() {
        StorePassword p = trust();
        p.file = tmp.resolve("missing").toFile();
        CliException e = assertThrows(CliException.class, () -> p.resolve(Map.of(), noStdin, err));
        assertEquals("--truststore-password-file: no file " + tmp.resolve("missing"), e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void anEnvironmentVariableGivesItsValue() throws Exception {
        StorePassword p = trust();
        p.env = "MY_TRUST_PW";
        assertEquals("from env", p.resolve(Map.of("MY_TRUST_PW", "from env"), noStdin, err));
        CliException e = assertThrows(CliException.class, () -> p.resolve(Map.of(), noStdin, err));
        assertEquals("--truststore-password-env: the environment variable MY_TRUST_PW is not set", e.getMessage());
    }

    @Test
    void thePasswordItselfWorksWithAWarning() throws Exception {
        StorePassword p = new StorePassword("key store", "--keystore");
        p.literal = "typed";
        assertEquals("typed", p.resolve(Map.of(), noStdin, err));
        String warning = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("warning: --keystore-password puts the password on this command's line"),
                warning);
        assertEquals(1, warning.lines().count(), warning);
        assertFalse(warning.contains("typed"), "the warning does not repeat the password");
    }

    @Test
    void stdinGivesItsFirstLine() throws Exception {
        StorePassword p = trust();
        p.stdin = true;
        assertEquals("line one", p.resolve(Map.of(),
                new ByteArrayInputStream("line one\nline two\n".getBytes(StandardCharsets.UTF_8)), err));
        assertThrows(CliException.class, () -> p.resolve(Map.of(), noStdin, err));
    }

    @Test
    void oneSourceOnly() throws Exception {
        StorePassword p = trust();
        p.env = "X";
        p.literal = "y";
        CliException e = assertThrows(CliException.class, () -> p.resolve(Map.of("X", "x"), noStdin, err));
        assertEquals("give the trust store password one way, not --truststore-password-env and "
                + "--truststore-password", e.getMessage());
    }

    @Test
    void noSourceIsNoPassword() throws Exception {
        assertFalse(trust().given());
        assertNull(trust().resolve(Map.of(), noStdin, err));
    }
}
