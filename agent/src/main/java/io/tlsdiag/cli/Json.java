package io.tlsdiag.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/**
 * {@code --json} output: one indented JSON document on stdout. Everything outside ASCII is escaped, so a hostile
 * certificate name cannot reach a terminal as a control sequence even when a person reads the JSON.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static void print(JsonNode document, PrintStream out) throws Exception {
        // As a string first: writing to the stream directly would close it (and with it stdout).
        out.println(MAPPER.writeValueAsString(document));
        out.flush();
    }

    /** A number where the value is one (counters), else the text as it is. */
    static void putNumberOrText(ObjectNode node, String field, String value) {
        try {
            node.put(field, Long.parseLong(value));
        } catch (NumberFormatException notANumber) {
            if ("true".equals(value) || "false".equals(value)) {
                node.put(field, Boolean.parseBoolean(value));
            } else {
                node.put(field, value);
            }
        }
    }
}
