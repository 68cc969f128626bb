package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MALFORMED_CERTIFICATE: a raw TLS 1.2 peer whose Certificate message carries bytes that are not a certificate. */
class MalformedCertificateIT {

    @TempDir
    static Path tmp;

    static MalformedCertificateServer server;
    static final Map<String, JsonNode> incidents = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        server = new MalformedCertificateServer();
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            AgentRun.Result r = new AgentRun(jdk, tmp.resolve(jdk.label())).agentOptions("output=incidents")
                    .run("io.tlsdiag.demo.DemoClient", List.of("--timeout-ms", "3000", "m=" + server.url()));
            List<JsonNode> all = r.incidents("incidents");
            assertEquals(1, all.size(), jdk + ": " + all + r.describe());
            IncidentSchema.assertValid(all.get(0));
            incidents.put(jdk.label(), all.get(0));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUndecodableCertificateIsNamedWithTheParsersMessage() throws Exception {
        for (TestJdks.Jdk jdk : TestJdks.all()) {
            JsonNode i = incidents.get(jdk.label());
            JsonNode d = i.path("diagnosis");
            assertEquals("MALFORMED_CERTIFICATE", i.path("category").asText(), jdk + ": " + i);
            assertEquals("MalformedCertificateRule", d.path("rule").asText());
            assertTrue(d.path("parseError").isTextual() && !d.path("parseError").asText().isEmpty(), d.toString());
            assertEquals("bad_certificate", d.path("alert").asText(), d.toString());
            assertEquals("sent", d.path("alertDirection").asText(), d.toString());
            assertEquals(0, i.path("chain").size());
            assertTrue(i.path("remediation").get(0).asText().startsWith("On localhost:" + server.port()),
                    i.path("remediation").toString());
            Path out = tmp.resolve(jdk.label()).resolve("incidents");
            Cli.Result show = Cli.run(jdk, tmp, "show", i.path("id").asText(), "--dir", out.toString());
            assertEquals(0, show.exitCode(), show.all());
            assertTrue(show.stdout().startsWith("MALFORMED_CERTIFICATE"), show.stdout());
            assertTrue(show.stdout().contains("Parse error: "), show.stdout());
        }
    }
}
