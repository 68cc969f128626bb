package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.net.ssl.SNIHostName;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code probe <https-url | host:port>}: "would Java trust this server?" One handshake in a child JVM of this Java
 * installation, with the agent attached at launch and this JVM's TLS settings, then the diagnosis of what failed.
 * The options are those people know from {@code openssl s_client} and {@code curl}: a server name other than the
 * host connected to, a client certificate, an HTTP proxy.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Try one handshake with a server and explain the result.", "",
            "One TLS handshake as an HTTPS client of this Java installation would make it (host name checked), with "
                + "this JVM's trust settings (javax.net.ssl.* properties given to this command are passed on) or "
                + "with --truststore. For an https:// URL a HEAD request follows, as curl sends one. On failure it "
                + "prints the diagnosis and writes the incident to DIR.",
            "Passwords reach the probe's JVM through a pipe, never its command line. Without a password option, "
                + "on a terminal, it asks for the password of a store given with --truststore or --keystore.", ""},
        footer = {"", "Exit code: 0 trusted, 1 handshake failed, 2 error."})
final class ProbeCommand extends CliCommand {

    private static final String TRUSTSTORE_PASSWORD = "javax.net.ssl.trustStorePassword";
    private static final String KEYSTORE_PASSWORD = "javax.net.ssl.keyStorePassword";

    @Parameters(index = "0", paramLabel = "<https-url | host:port>", description = "the server")
    String target;

    @Option(names = "--servername", paramLabel = "NAME", description = "check the certificate against NAME and send "
        + "it as SNI, while connecting to the host given (openssl s_client -servername, curl --connect-to)")
    String serverName;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", description = "connect through this HTTP proxy (CONNECT)")
    String proxy;

    @Option(names = "--truststore", paramLabel = "FILE", description = "trust these certificates instead of this "
        + "JVM's default trust store")
    File trustStore;

    @Option(names = "--truststore-type", paramLabel = "TYPE", description = "PKCS12 or JKS (default: the JVM's)")
    String trustStoreType;

    @Option(names = "--truststore-password-file", paramLabel = "FILE", description = "the trust store's password: "
        + "the first line of FILE")
    File trustStorePasswordFile;

    @Option(names = "--truststore-password-env", paramLabel = "VAR", description = "the trust store's password: the "
        + "value of the environment variable VAR")
    String trustStorePasswordEnv;

    @Option(names = "--truststore-password-stdin", description = "the trust store's password: the first line of stdin")
    boolean trustStorePasswordStdin;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "the password itself (visible "
        + "to every user in ps: prefer the options above)")
    String trustStorePassword;

    @Option(names = "--keystore", paramLabel = "FILE", description = "present the client certificate (and key) in "
        + "FILE when the server asks for one")
    File keyStore;

    @Option(names = "--keystore-type", paramLabel = "TYPE", description = "PKCS12 or JKS (default: the JVM's)")
    String keyStoreType;

    @Option(names = "--keystore-password-file", paramLabel = "FILE", description = "the key store's password: the "
        + "first line of FILE")
    File keyStorePasswordFile;

    @Option(names = "--keystore-password-env", paramLabel = "VAR", description = "the key store's password: the "
        + "value of the environment variable VAR")
    String keyStorePasswordEnv;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "the password itself (visible to "
        + "every user in ps: prefer the options above)")
    String keyStorePassword;

    @Option(names = "--output", paramLabel = "DIR", description = "where the incident is written (default: "
        + SharedNames.DEFAULT_OUTPUT + " in this directory)")
    File output = new File(SharedNames.DEFAULT_OUTPUT);

    @Option(names = "--json", description = "print the result as JSON: {target, host, port, serverName, proxy, "
        + "trusted, protocol, cipherSuite, serverCertificate, clientCertificate, httpStatus, error, incidentFile, "
        + "incident}")
    boolean json;

    /** Where the probe connects: host and port, and the path of an https:// URL (null for host:port). */
    static final class Endpoint {
        final String host;
        final int port;
        final String path;

        Endpoint(String host, int port, String path) {
            this.host = host;
            this.port = port;
            this.path = path;
        }
    }

    @Override
    int run() throws Exception {
        Endpoint endpoint = parseTarget(target);
        Endpoint via = proxy == null ? null : parseHostPort(proxy, "--proxy");
        if (serverName != null) {
            checkServerName(serverName);
        }
        File outputDir = output.getAbsoluteFile();
        // Secrets go to the child through its stdin (see ProbeTarget), never onto its command line: any user of
        // the host reads command lines with ps.
        List<String> jvmArgs = new ArrayList<String>();
        Properties secrets = new Properties();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("javax.net.ssl.") || key.startsWith("jdk.tls.") || key.startsWith("jdk.certpath.")
                    || key.startsWith("com.sun.net.ssl.") || key.startsWith("com.sun.security.")) {
                if (isSecret(key)) {
                    secrets.setProperty(key, String.valueOf(e.getValue()));
                } else {
                    jvmArgs.add("-D" + key + "=" + e.getValue());
                }
            }
        }
        if (trustStore != null) {
            jvmArgs.add("-Djavax.net.ssl.trustStore=" + trustStore.getAbsolutePath());
        }
        if (trustStoreType != null) {
            jvmArgs.add("-Djavax.net.ssl.trustStoreType=" + trustStoreType);
        }
        if (keyStore != null) {
            if (!keyStore.isFile()) {
                throw new CliException("--keystore: no file " + keyStore.getAbsolutePath());
            }
            jvmArgs.add("-Djavax.net.ssl.keyStore=" + keyStore.getAbsolutePath());
        }
        if (keyStoreType != null) {
            jvmArgs.add("-Djavax.net.ssl.keyStoreType=" + keyStoreType);
        }
        StorePassword trust = new StorePassword("trust store", "--truststore");
        trust.file = trustStorePasswordFile;
        trust.env = trustStorePasswordEnv;
        trust.literal = trustStorePassword;
        trust.stdin = trustStorePasswordStdin;
        StorePassword key = new StorePassword("key store", "--keystore");
        key.file = keyStorePasswordFile;
        key.env = keyStorePasswordEnv;
        key.literal = keyStorePassword;
        putPassword(secrets, TRUSTSTORE_PASSWORD, trust, trustStore, false);
        putPassword(secrets, KEYSTORE_PASSWORD, key, keyStore, true);

        File jar = Main.agentJar();
        List<String> cmd = new ArrayList<String>();
        cmd.add(new File(System.getProperty("java.home"), "bin" + File.separator + "java").getPath());
        // The output directory as a system property, which may hold a comma (agent arguments may not). No log
        // line (this command explains the incident itself) and no MXBean: the JVM lives for one handshake.
        cmd.add("-javaagent:" + jar.getAbsolutePath() + "=" + SharedNames.LOG + "=off," + SharedNames.JMX + "=false");
        cmd.add("-D" + AgentOptions.propertyName(SharedNames.OUTPUT) + "=" + outputDir.getPath());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(jar.getAbsolutePath());
        cmd.add(ProbeTarget.class.getName());
        cmd.add(endpoint.host);
        cmd.add(String.valueOf(endpoint.port));
        if (serverName != null) {
            cmd.add("--servername");
            cmd.add(serverName);
        }
        if (via != null) {
            cmd.add("--proxy-host");
            cmd.add(via.host);
            cmd.add("--proxy-port");
            cmd.add(String.valueOf(via.port));
        }
        if (endpoint.path != null) {
            cmd.add("--http");
            cmd.add(endpoint.path);
        }
        cmd.add(ProbeTarget.SECRETS_ON_STDIN);
        Map<String, String> before = incidentFiles(outputDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // The child needs none of them, and its environment can be read by this user's other processes.
        for (String var : new String[] {trustStorePasswordEnv, keyStorePasswordEnv}) {
            if (var != null) {
                pb.environment().remove(var);
            }
        }
        Process p = pb.start();
        sendSecrets(p, secrets);
        Map<String, String> answer = new java.util.HashMap<String, String>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), "UTF-8"));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                int space = line.indexOf(' ');
                String tag = space > 0 ? line.substring(0, space) : line;
                if (tag.equals("OK") || tag.equals("FAILED") || tag.equals("ERROR") || tag.equals("HTTP")
                        || tag.equals("CLIENT")) {
                    answer.put(tag, space > 0 ? line.substring(space + 1) : "");
                } else if (line.startsWith(SharedNames.LOG_PREFIX.trim())) {
                    err.println(line);
                }
            }
        } finally {
            r.close();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new CliException("the probe did not finish in 60 s");
        }
        if (answer.containsKey("ERROR")) {
            throw new CliException(answer.get("ERROR"));
        }
        String where = hostPort(endpoint);
        ObjectNode result = Json.object();
        result.put("target", target);
        result.put("host", endpoint.host);
        result.put("port", endpoint.port);
        result.put("serverName", serverName != null ? serverName : endpoint.host);
        result.put("proxy", via == null ? null : hostPort(via));
        String ok = answer.get("OK");
        result.put("trusted", ok != null);
        String[] parts = ok == null ? new String[0] : ok.split(" ", 3);
        result.put("protocol", parts.length > 0 ? parts[0] : null);
        result.put("cipherSuite", parts.length > 1 ? parts[1] : null);
        result.put("serverCertificate", parts.length > 2 ? parts[2] : null);
        result.put("clientCertificate", answer.get("CLIENT"));
        String http = answer.get("HTTP");
        result.put("httpStatus", http == null || http.equals("-") ? null : http);
        result.put("error", answer.get("FAILED"));
        if (ok != null) {
            result.putNull("incidentFile");
            result.putNull("incident");
            if (json) {
                Json.print(result, out);
                return 0;
            }
            out.println("OK: Java trusts " + where + " (" + parts[0] + ", " + (parts.length > 1 ? parts[1] : "?")
                    + ")");
            out.println("  server certificate: " + Terminal.safe(parts.length > 2 ? parts[2] : "?"));
            if (serverName != null) {
                out.println("  checked as:         " + Terminal.safe(serverName) + " (--servername)");
            }
            if (via != null) {
                out.println("  through proxy:      " + hostPort(via));
            }
            if (answer.containsKey("CLIENT")) {
                out.println("  client certificate: " + Terminal.safe(answer.get("CLIENT")) + " (sent)");
            }
            if (http != null) {
                out.println("  HTTP:               " + (http.equals("-") ? "no answer to HEAD " + endpoint.path
                        : Terminal.safe(http)));
            }
            return 0;
        }
        File incidentFile = changedIncident(outputDir, before);
        JsonNode incident = incidentFile == null ? null : new ObjectMapper().readTree(incidentFile);
        result.put("incidentFile", incidentFile == null ? null : incidentFile.getPath());
        result.set("incident", incident);
        if (json) {
            Json.print(result, out);
            return 1;
        }
        if (incident == null) {
            String why = answer.containsKey("FAILED") ? answer.get("FAILED") : "the probe ended without an answer";
            out.println("FAILED: " + Terminal.safe(why));
            out.println("(no incident was written to " + outputDir + "; run with --output to a writable directory)");
            return 1;
        }
        out.print(IncidentText.render(incident, Terminal.forStream(out)));
        return 1;
    }

    /**
     * The password of a store, from the option given, else (for a store named on this command line, on a terminal,
     * with no javax.net.ssl password property given to this JVM) from a prompt.
     */
    private void putPassword(Properties secrets, String property, StorePassword source, File store, boolean needed)
            throws CliException {
        String password = source.resolve(System.getenv(), System.in, err);
        if (password == null && store != null && System.getProperty(property) == null) {
            if (Terminal.isInteractive()) {
                char[] typed = System.console().readPassword("%s", "Password of the " + source.what + " " + store
                        + (needed ? ": " : " (Enter if it has none): "));
                password = typed == null || (!needed && typed.length == 0) ? null : new String(typed);
            } else if (needed) {
                throw new CliException("the " + source.what + " " + store + " needs its password: "
                        + source.option + "-password-file FILE, " + source.option + "-password-env VAR, or run on a "
                        + "terminal to be asked");
            }
        }
        if (password != null) {
            secrets.setProperty(property, password);
        }
    }

    /** {@code https://host[:port][/path]} or {@code host:port} ({@code [v6-address]:port} too). */
    static Endpoint parseTarget(String target) throws CliException {
        if (!target.contains("://")) {
            return parseHostPort(target, null);
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new CliException("'" + target + "' is not a valid URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new CliException("'" + target + "': probe speaks TLS, so an https:// URL or host:port");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new CliException("'" + target + "' has no valid host and port");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new Endpoint(host, uri.getPort() > 0 ? uri.getPort() : 443, path);
    }

    /** {@code host:port}; {@code option} names the option it came from (null: the target). */
    static Endpoint parseHostPort(String value, String option) throws CliException {
        String prefix = option == null ? "" : option + ": ";
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CliException(prefix + "'" + value + "' is " + (option == null ? "neither an https:// URL nor "
                    : "not ") + "host:port");
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new CliException(prefix + "'" + value + "': write an IPv6 address in brackets, e.g. [::1]:443");
        }
        int port = -1;
        if (portText.matches("[0-9]{1,5}")) {
            port = Integer.parseInt(portText);
        }
        if (port < 1 || port > 65535) {
            throw new CliException(prefix + "'" + value + "': the port must be a number from 1 to 65535, not '"
                    + portText + "'");
        }
        if (host.isEmpty()) {
            throw new CliException(prefix + "'" + value + "' has no host");
        }
        return new Endpoint(host, port, null);
    }

    /** A name the JDK can send as SNI (an IP address is checked against the certificate but is not sent). */
    static void checkServerName(String name) throws CliException {
        if (ProbeTarget.isIpLiteral(name)) {
            return;
        }
        try {
            new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException("--servername: '" + name + "' is not a host name (" + e.getMessage() + ")");
        }
    }

    private static String hostPort(Endpoint e) {
        return (e.host.indexOf(':') >= 0 ? "[" + e.host + "]" : e.host) + ":" + e.port;
    }

    /**
     * A property whose value must not be on a command line: javax.net.ssl.trustStorePassword, keyStorePassword and
     * any other password, passphrase, PIN or secret a provider reads from a system property.
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("passphrase") || k.contains("secret")
                || k.contains("credential") || k.contains("token") || k.endsWith("pin");
    }

    /**
     * Writes the secrets to the child's stdin and closes it; the child reads them to the end before it touches TLS.
     * A child that died at once has closed its end: what it printed says why, so the write error is not the news.
     */
    private static void sendSecrets(Process p, Properties secrets) {
        OutputStream in = p.getOutputStream();
        try {
            try {
                secrets.store(in, null);
            } finally {
                in.close();
            }
        } catch (IOException childGone) {
            // reported by the child's own output and exit code
        }
    }

    /** Each incident file in {@code dir} with its modification time and size, to tell what the probe wrote. */
    private static Map<String, String> incidentFiles(File dir) throws IOException {
        Map<String, String> files = new java.util.HashMap<String, String>();
        File[] list = dir.listFiles((d, n) -> SharedNames.isIncidentFile(n));
        if (list != null) {
            for (File f : list) {
                try {
                    files.put(f.getName(), java.nio.file.Files.getLastModifiedTime(f.toPath()) + " " + f.length());
                } catch (java.nio.file.NoSuchFileException evicted) {
                    // gone meanwhile
                }
            }
        }
        return files;
    }

    /**
     * The incident the probe wrote: a file that is new, or changed (a repeat of an earlier failure updates its file).
     * Another JVM writing into the same directory at the same moment could be mistaken for it; the probe's own
     * directory (--output) avoids that.
     */
    private static File changedIncident(File dir, Map<String, String> before) throws IOException {
        File found = null;
        for (Map.Entry<String, String> e : incidentFiles(dir).entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                File f = new File(dir, e.getKey());
                if (found == null || f.lastModified() > found.lastModified()) {
                    found = f;
                }
            }
        }
        return found;
    }
}
