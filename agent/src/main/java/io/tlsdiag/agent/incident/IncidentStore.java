package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.util.SharedNames;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The output directory: incident files written owner-only and atomically (a temporary name, then a rename), the
 * append-only {@code incidents.ndjson} stream for log shippers, and the bounds. Writer thread only.
 *
 * <p>Several JVMs may share one directory (a shared volume): every change happens under an exclusive lock on
 * {@code .tlsdiag.lock}, temporary names carry the writer's identity, and a directory changed by someone else since
 * this writer's last change (the lock file counts changes) is scanned again before the bounds are applied. So the files stay within
 * {@code maxIncidents} and {@code maxBytes} whoever wrote them, the eviction count in {@code .tlsdiag-evicted} is one
 * count per directory, and no NDJSON line is interleaved with another.
 *
 * <p>Past the bounds, incidents that never recurred go first, oldest first; incidents that recurred (the ones that
 * matter in a storm) only when nothing else is left.
 */
final class IncidentStore {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /** A file lock is held per process: threads of this JVM (two sinks after a re-attach) also take this monitor. */
    private static final ConcurrentMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<Path, Object>();

    /** One incident file as this writer knows it. */
    private static final class Entry {
        final long size;
        final long modified;
        final boolean recurred;

        Entry(long size, long modified, boolean recurred) {
            this.size = size;
            this.modified = modified;
            this.recurred = recurred;
        }
    }

    /** What the writer knows that the files do not say yet: counts that moved since an incident was last written. */
    interface Recurrence {
        boolean recurredSinceWritten(String fileName);
    }

    private interface Change<T> {
        T apply() throws IOException;
    }

    private final Path directory;
    private final int maxIncidents;
    private final long maxBytes;
    private final String tmpSuffix;
    /** Incident files by name; names start with the time, so the first is the oldest. */
    private final TreeMap<String, Entry> files = new TreeMap<String, Entry>();
    private long totalBytes;
    private long evicted;
    /** The directory's change count (kept in the lock file) after this writer's last change. */
    private long generationAfterOwnChange = -1;
    private Recurrence recurrence = new Recurrence() {
        @Override
        public boolean recurredSinceWritten(String fileName) {
            return false;
        }
    };

    IncidentStore(Path directory, int maxIncidents, long maxBytes) {
        this.directory = directory.toAbsolutePath().normalize();
        this.maxIncidents = maxIncidents;
        this.maxBytes = maxBytes;
        this.tmpSuffix = "." + IncidentJson.pid() + "-" + Integer.toHexString(System.identityHashCode(this)) + ".tmp";
    }

    void recurrence(Recurrence r) {
        recurrence = r;
    }

    Path writeNew(final String id, final byte[] json, final byte[] streamLine) throws IOException {
        return locked(new Change<Path>() {
            @Override
            public Path apply() throws IOException {
                Path target = directory.resolve(id + SharedNames.INCIDENT_SUFFIX);
                replaceAtomically(target, json);
                track(target, false);
                // Bounds first: once a line is in the stream, the directory it speaks of is already final.
                evict(target.getFileName().toString());
                append(streamLine);
                return target;
            }
        });
    }

    /** Rewrites an incident with new counts; false when it was evicted meanwhile (by this JVM or another). */
    boolean rewrite(final Path file, final byte[] json, final byte[] streamLine, final boolean recurred)
            throws IOException {
        return locked(new Change<Boolean>() {
            @Override
            public Boolean apply() throws IOException {
                String name = file.getFileName().toString();
                if (!files.containsKey(name) || !Files.exists(file)) {
                    forget(name);
                    return false;
                }
                replaceAtomically(file, json);
                track(file, recurred);
                evict(name);
                append(streamLine);
                return true;
            }
        });
    }

    /** Incidents evicted from this directory so far, by every writer (as of this writer's last change). */
    long evicted() {
        return evicted;
    }

    private <T> T locked(Change<T> change) throws IOException {
        prepareDirectory();
        Path real = directory.toRealPath(); // two paths to one directory (a link) must share one monitor
        Object monitor = JVM_LOCKS.get(real);
        if (monitor == null) {
            JVM_LOCKS.putIfAbsent(real, new Object());
            monitor = JVM_LOCKS.get(real);
        }
        synchronized (monitor) {
            FileChannel channel = FileChannel.open(directory.resolve(SharedNames.LOCK_FILE), options(StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE), ownerOnly(FILE_MODE));
            try {
                FileLock lock;
                try {
                    lock = channel.lock();
                } catch (OverlappingFileLockException samePath) {
                    throw new IOException("directory locked twice in this JVM: " + directory, samePath);
                }
                try {
                    long generation = readGeneration(channel);
                    if (generation != generationAfterOwnChange) {
                        scan(); // another writer (another JVM, or an earlier run) changed the directory
                    }
                    T result = change.apply();
                    generationAfterOwnChange = generation + 1;
                    writeGeneration(channel, generationAfterOwnChange);
                    return result;
                } finally {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    private void prepareDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            try {
                Files.createDirectories(directory, ownerOnly(DIR_MODE));
            } catch (FileAlreadyExistsException raced) {
                // another JVM created it first
            }
        }
    }

    /**
     * Every writer counts its changes in the lock file, under the lock: a count other than the one this writer left
     * means someone else changed the directory. (Directory timestamps are too coarse on older kernels and stale on
     * NFS to tell.)
     */
    private static long readGeneration(FileChannel lockFile) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        while (b.hasRemaining() && lockFile.read(b, b.position()) > 0) {
            // read what is there
        }
        return b.hasRemaining() ? 0 : b.getLong(0);
    }

    private static void writeGeneration(FileChannel lockFile, long generation) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.putLong(0, generation);
        while (b.hasRemaining()) {
            lockFile.write(b, b.position());
        }
    }

    /** Incidents of earlier runs and of other JVMs count against the bounds too. */
    private void scan() throws IOException {
        Set<String> present = new HashSet<String>();
        DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*" + SharedNames.INCIDENT_SUFFIX);
        try {
            for (Path p : listing) {
                String name = p.getFileName().toString();
                if (!SharedNames.isIncidentFile(name)) {
                    continue;
                }
                present.add(name);
                Entry known = files.get(name);
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (known == null || known.size != a.size() || known.modified != a.lastModifiedTime().toMillis()) {
                        forget(name);
                        files.put(name, new Entry(a.size(), a.lastModifiedTime().toMillis(), occurrencesIn(p) > 1));
                        totalBytes += a.size();
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    present.remove(name);
                }
            }
        } finally {
            listing.close();
        }
        for (Iterator<String> it = files.keySet().iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!present.contains(name)) {
                totalBytes -= files.get(name).size;
                it.remove();
            }
        }
        evicted = readEvictedCount();
    }

    private void track(Path file, boolean recurred) throws IOException {
        String name = file.getFileName().toString();
        forget(name);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        files.put(name, new Entry(a.size(), a.lastModifiedTime().toMillis(), recurred));
        totalBytes += a.size();
    }

    private void forget(String name) {
        Entry old = files.remove(name);
        if (old != null) {
            totalBytes -= old.size;
        }
    }

    private void evict(String keep) throws IOException {
        int n = 0;
        while (files.size() > 1 && (files.size() > maxIncidents || totalBytes > maxBytes)) {
            String victim = oldest(false, keep);
            if (victim == null) {
                victim = oldest(true, keep);
            }
            if (victim == null) {
                break;
            }
            forget(victim);
            Files.deleteIfExists(directory.resolve(victim));
            n++;
        }
        if (n > 0) {
            evicted = readEvictedCount() + n;
            replaceAtomically(directory.resolve(SharedNames.EVICTED_FILE), (evicted + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private String oldest(boolean recurred, String keep) {
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            boolean r = e.getValue().recurred || recurrence.recurredSinceWritten(e.getKey());
            if (r == recurred && !e.getKey().equals(keep)) {
                return e.getKey();
            }
        }
        return null;
    }

    private long readEvictedCount() throws IOException {
        Path count = directory.resolve(SharedNames.EVICTED_FILE);
        try {
            return Long.parseLong(new String(Files.readAllBytes(count), StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException none) {
            return 0;
        } catch (NumberFormatException damaged) {
            return 0;
        }
    }

    /** The "occurrences" count of an incident file, without parsing the whole document. */
    static long occurrencesIn(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int key = text.indexOf("\"occurrences\"");
            if (key < 0) {
                return 1;
            }
            int i = text.indexOf(':', key) + 1;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            return i > start ? Long.parseLong(text.substring(start, i)) : 1;
        } catch (Exception unreadable) {
            return 1;
        }
    }

    /** One line per new or updated incident; rotated to incidents.ndjson.1 past a quarter of maxBytes. */
    private void append(byte[] line) throws IOException {
        Path stream = directory.resolve(SharedNames.STREAM_FILE);
        if (Files.exists(stream) && Files.size(stream) + line.length > Math.max(maxBytes / 4, 1024 * 1024)) {
            Files.move(stream, directory.resolve(SharedNames.STREAM_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        // One write with O_APPEND, under the directory lock: a shipper tailing the file never sees half a line, and
        // lines of several JVMs never interleave.
        FileChannel out = FileChannel.open(stream, options(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), ownerOnly(FILE_MODE));
        try {
            writeFully(out, line);
        } finally {
            out.close();
        }
    }

    private void replaceAtomically(Path target, byte[] content) throws IOException {
        Path tmp = directory.resolve("." + target.getFileName() + tmpSuffix);
        Files.deleteIfExists(tmp);
        boolean moved = false;
        try {
            FileChannel out = FileChannel.open(tmp, options(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(FILE_MODE));
            try {
                writeFully(out, content);
            } finally {
                out.close();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp); // a full disk leaves no partial file behind
            }
        }
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static Set<OpenOption> options(OpenOption... o) {
        Set<OpenOption> s = new HashSet<OpenOption>();
        Collections.addAll(s, o);
        return s;
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> mode) {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static boolean isPosix() {
        return File.separatorChar == '/';
    }
}
