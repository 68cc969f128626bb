package io.tlsdiag.agent.incident;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The output directory: incident files written owner-only and atomically (a temporary name, then a rename), the
 * append-only {@code incidents.ndjson} stream for log shippers, and the bounds. When there are more than
 * {@code maxIncidents} files or more than {@code maxBytes}, the oldest incidents are deleted and counted in
 * {@code .tlsdiag-evicted}. Writer thread only.
 */
final class IncidentStore {

    static final String STREAM = "incidents.ndjson";
    static final String EVICTED = ".tlsdiag-evicted";

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final int maxIncidents;
    private final long maxBytes;
    /** Incident files by name; names start with the time, so the first is the oldest. */
    private final TreeMap<String, Long> files = new TreeMap<String, Long>();
    private long totalBytes;
    private long evicted;
    private boolean scanned;

    IncidentStore(Path directory, int maxIncidents, long maxBytes) {
        this.directory = directory;
        this.maxIncidents = maxIncidents;
        this.maxBytes = maxBytes;
    }

    Path writeNew(String id, byte[] json, byte[] streamLine) throws IOException {
        prepare();
        Path target = directory.resolve(id + ".json");
        replaceAtomically(target, json);
        track(target.getFileName().toString(), json.length);
        append(streamLine);
        evict();
        return target;
    }

    /** Rewrites an incident with new counts; false when it was evicted meanwhile. */
    boolean rewrite(Path file, byte[] json, byte[] streamLine) throws IOException {
        String name = file.getFileName().toString();
        if (!files.containsKey(name)) {
            return false;
        }
        replaceAtomically(file, json);
        track(name, json.length);
        append(streamLine);
        evict();
        return true;
    }

    long evicted() {
        return evicted;
    }

    private void prepare() throws IOException {
        if (!Files.isDirectory(directory)) {
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
        if (!scanned) {
            scanned = true;
            // Incidents of earlier runs count against the bounds too.
            DirectoryStream<Path> existing = Files.newDirectoryStream(directory, "*.json");
            try {
                for (Path p : existing) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        track(p.getFileName().toString(), Files.size(p));
                    }
                }
            } finally {
                existing.close();
            }
            Path count = directory.resolve(EVICTED);
            if (Files.isRegularFile(count)) {
                try {
                    evicted = Long.parseLong(new String(Files.readAllBytes(count), StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException ignored) {
                    evicted = 0;
                }
            }
        }
    }

    private void track(String name, long size) {
        Long old = files.put(name, size);
        totalBytes += size - (old == null ? 0 : old);
    }

    private void evict() throws IOException {
        boolean any = false;
        while (files.size() > 1 && (files.size() > maxIncidents || totalBytes > maxBytes)) {
            Map.Entry<String, Long> oldest = files.pollFirstEntry();
            totalBytes -= oldest.getValue();
            Files.deleteIfExists(directory.resolve(oldest.getKey()));
            evicted++;
            any = true;
        }
        if (any) {
            replaceAtomically(directory.resolve(EVICTED), (evicted + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** One line per new or updated incident; rotated to incidents.ndjson.1 past a quarter of maxBytes. */
    private void append(byte[] line) throws IOException {
        Path stream = directory.resolve(STREAM);
        if (Files.exists(stream) && Files.size(stream) + line.length > Math.max(maxBytes / 4, 1024 * 1024)) {
            Files.move(stream, directory.resolve(STREAM + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(stream)) {
            createOwnerOnly(stream);
        }
        // One write call per line with O_APPEND: a shipper tailing the file never sees half a line from us.
        OutputStream out = Files.newOutputStream(stream, StandardOpenOption.APPEND);
        try {
            out.write(line);
        } finally {
            out.close();
        }
    }

    private void replaceAtomically(Path target, byte[] content) throws IOException {
        Path tmp = directory.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        createOwnerOnly(tmp);
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (isPosix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean isPosix() {
        return File.separatorChar == '/';
    }
}
