package cdn.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A real coturn ({@code turnserver}, Debian's {@code coturn}) on loopback :3478 with
 * {@code use-auth-secret}: the secret, made for this run, is handed to signaling-service,
 * which gives pages ephemeral TURN credentials it accepts. Absent coturn, pages connect
 * directly (on one machine they always can).
 */
final class Coturn implements AutoCloseable {

	static final int PORT = 3478;

	private final Process process;

	private final String secret;

	private Coturn(Process process, String secret) {
		this.process = process;
		this.secret = secret;
	}

	/** Whether {@code turnserver} is on the PATH. */
	static boolean installed() {
		String path = System.getenv("PATH");
		return path != null && List.of(path.split(File.pathSeparator))
			.stream()
			.anyMatch((dir) -> Path.of(dir, "turnserver").toFile().canExecute());
	}

	/** Starts coturn and waits until it listens; its log goes to {@code log}. */
	static Coturn start(Path log) throws IOException {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		String secret = HexFormat.of().formatHex(random);
		Process process = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
				"--listening-port=" + PORT, "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=cdn.local",
				"--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--simple-log")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Coturn coturn = new Coturn(process, secret);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!listening()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				coturn.close();
				throw new IllegalStateException("coturn did not start on :" + PORT + " (see " + log + ")");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				coturn.close();
				throw new IllegalStateException("interrupted while starting coturn", ex);
			}
		}
		return coturn;
	}

	private static boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The argument that makes signaling-service hand out credentials coturn accepts. */
	String signalingArgument() {
		return "--signaling.ice.turn-secret=" + this.secret;
	}

	@Override
	public void close() {
		ServiceProcess.terminateQuietly(this.process, Duration.ofSeconds(5));
	}

}
