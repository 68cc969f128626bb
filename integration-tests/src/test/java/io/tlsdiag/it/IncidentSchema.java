package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/incident.schema.json, the published format: every incident a test sees must validate against it. */
public final class IncidentSchema {

    private static JsonSchema schema;

    private IncidentSchema() {
    }

    public static synchronized void assertValid(JsonNode incident) throws Exception {
        if (schema == null) {
            Path file = Path.of(System.getProperty("tlsdiag.schema", "../docs/incident.schema.json"));
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(file));
        }
        Set<ValidationMessage> errors = schema.validate(incident);
        assertTrue(errors.isEmpty(), "incident " + incident.path("id").asText() + " violates the schema: " + errors);
    }
}
