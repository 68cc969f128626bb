package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.diagnosis.Diagnoser;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.hook.HandshakeFailure;
import io.tlsdiag.agent.util.AgentLog;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Turns a failure into an incident file, on the writer thread. Files are written owner-only to a temporary name in
 * the same directory and then renamed atomically, so a reader never sees half an incident. An unwritable directory or
 * a full disk is reported once; the application never notices.
 */
final class IncidentWriter {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final AgentOptions options;
    private final Path directory;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final IncidentJson json = new IncidentJson();
    private final TrustSource trustSource = new TrustSource();

    IncidentWriter(AgentOptions options) {
        this.options = options;
        this.directory = options.outputDirectory().toPath();
    }

    enum Outcome { WRITTEN, NOTHING_TO_REPORT, FAILED }

    Outcome write(HandshakeFailure failure) {
        Evidence evidence = new Evidence(failure);
        evidence.expiryWarningDays(options.expiryWarningDays());
        ObjectNode trust = trustSource.describe(failure, evidence);
        if (trust.has("type")) {
            evidence.trustStore(trust.get("source").asText(), trust.get("type").asText());
        }
        Verdict verdict = Diagnoser.diagnose(evidence);
        if (verdict == null) {
            return Outcome.NOTHING_TO_REPORT;
        }
        ObjectNode incident = json.build(failure, evidence, verdict, trust, options.maxStackDepth());
        String id = incident.get("id").asText();
        try {
            ensureDirectory();
            Path tmp = directory.resolve("." + id + ".tmp");
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp);
            Files.write(tmp, mapper.writeValueAsBytes(incident));
            Path target = directory.resolve(id + ".json");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.WRITTEN;
        } catch (Exception e) {
            AgentLog.warnOnce("write:" + directory, "cannot write incidents to " + directory + ": " + e
                    + " (the application is not affected; further failures are counted as dropped)");
            return Outcome.FAILED;
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            if (isPosix()) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } else {
                Files.createDirectories(directory);
            }
        } catch (FileAlreadyExistsException raced) {
            // another JVM created it first
        }
    }

    private void createOwnerOnly(Path file) throws IOException {
        if (isPosix()) {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE_MODE);
            Files.createFile(file, mode);
        } else {
            Files.createFile(file);
        }
    }

    private static boolean isPosix() {
        return File.separatorChar == '/';
    }
}
