package io.tlsdiag.it;

import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Container images built on this machine from a host binary and the libraries {@code ldd} lists, {@code FROM
 * scratch}: no registry is ever asked for an image (../shared/docs/testcontainers.md). The image holds the binary,
 * its libraries, a passwd/group file (nobody, nogroup) and the empty folders servers expect; configuration and
 * certificates are copied into each container before it starts.
 */
final class LocalImages {

    private static final Pattern LIBRARY = Pattern.compile("(/[^ \\t()]+)");

    private LocalImages() {
    }

    /**
     * @param name       image name, e.g. local/tlsdiag-nginx
     * @param binary     absolute path of the host binary, e.g. /usr/sbin/nginx
     * @param entryPoint the exec-form entry point (written as JSON: the image has no /bin/sh for the shell form)
     * @param emptyDirs  folders (absolute) the server needs to exist
     */
    static ImageFromDockerfile fromHostBinary(String name, String binary, List<String> entryPoint,
                                              List<String> emptyDirs) throws IOException, InterruptedException {
        ImageFromDockerfile image = new ImageFromDockerfile(name, true);
        for (String file : withLibraries(binary)) {
            image.withFileFromPath("rootfs" + file, Path.of(file).toRealPath());
        }
        image.withFileFromString("rootfs/etc/passwd", "root:x:0:0:root:/:/nonexistent\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/nonexistent\n");
        image.withFileFromString("rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n");
        for (String dir : emptyDirs) {
            image.withFileFromString("rootfs" + dir + "/.keep", "");
        }
        String json = entryPoint.stream().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        image.withFileFromString("Dockerfile", "FROM scratch\nCOPY rootfs/ /\nENTRYPOINT " + json + "\n");
        return image;
    }

    /** The binary and every library ldd resolves for it (the loader included), as absolute paths. */
    static Set<String> withLibraries(String binary) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(binary + " is not installed (apt-get install "
                    + Path.of(binary).getFileName() + ")");
        }
        Process ldd = new ProcessBuilder("ldd", binary).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ldd.waitFor(30, TimeUnit.SECONDS) || ldd.exitValue() != 0) {
            throw new IllegalStateException("ldd " + binary + " failed: " + out);
        }
        Set<String> files = new LinkedHashSet<>(List.of(binary));
        List<String> missing = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("not found")) {
                missing.add(line.trim());
            }
            Matcher m = LIBRARY.matcher(line);
            while (m.find()) {
                files.add(m.group(1));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("ldd " + binary + ": " + missing);
        }
        return files;
    }
}
