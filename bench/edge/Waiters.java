import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Coalesced-waiter latency: ROUNDS times, N clients ask a cache for one object nobody has
 * fetched yet, all at once (connections opened first); each waiter's time from its
 * request to the last body byte. The first WARMUP rounds (default 1) only warm the server
 * up and are not counted. With N = 1 it measures a single client, e.g. the upstream's own
 * latency.
 * <p>
 * One thread and one selector for all N connections: the requests go out within
 * microseconds of each other and every answer is read as soon as it arrives, so the
 * client adds next to nothing even on one core. (Its predecessors did not: a Python
 * client added ~10-30 ms under its interpreter lock, and 50 Java threads reading headers
 * a byte per system call spread the answers over ~20 ms on one core, whichever server
 * sent them.)
 *
 * <p>
 * Prints {@code WAITERS p50_ms p99_ms max_ms}.
 *
 * <p>
 * usage: {@code java Waiters.java PORT PATHS_FILE ROUNDS N [WARMUP]} (ROUNDS counts the
 * warm-up rounds too; round i asks for line i of PATHS_FILE)
 */
public class Waiters {

	private static final long ROUND_TIMEOUT_NS = 30_000_000_000L;

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter((l) -> !l.isBlank()).toList();
		int rounds = Integer.parseInt(args[2]);
		int n = Integer.parseInt(args[3]);
		int warmup = (args.length > 4) ? Integer.parseInt(args[4]) : 1;
		if (rounds <= warmup || paths.size() < rounds) {
			throw new IllegalArgumentException("need ROUNDS > WARMUP and a path per round: " + rounds + " rounds, "
					+ warmup + " warm-up, " + paths.size() + " paths");
		}
		List<Double> samples = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<Double> latencies = round(port, paths.get(round), n);
			if (round >= warmup) {
				samples.addAll(latencies);
			}
		}
		Collections.sort(samples);
		System.out.printf(Locale.ROOT, "WAITERS %.1f %.1f %.1f%n", percentile(samples, 50), percentile(samples, 99),
				samples.get(samples.size() - 1));
	}

	static List<Double> round(int port, String path, int n) throws IOException {
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		List<Response> responses = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < n; i++) {
				SocketChannel channel = SocketChannel.open();
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.connect(new InetSocketAddress("127.0.0.1", port));
				channel.configureBlocking(false);
				Response response = new Response(channel);
				channel.register(selector, SelectionKey.OP_READ, response);
				responses.add(response);
			}
			for (Response response : responses) {
				response.send(request);
			}
			ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
			long deadline = System.nanoTime() + ROUND_TIMEOUT_NS;
			int complete = 0;
			while (complete < n) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IOException((n - complete) + " of " + n + " waiters had no whole answer for " + path
							+ " after 30 s");
				}
				selector.select(Math.max(1, left / 1_000_000));
				for (SelectionKey key : selector.selectedKeys()) {
					Response response = (Response) key.attachment();
					if (response.read((SocketChannel) key.channel(), buffer)) {
						key.cancel();
						complete++;
					}
				}
				selector.selectedKeys().clear();
			}
		}
		finally {
			for (Response response : responses) {
				response.channel.close();
			}
		}
		List<Double> latencies = new ArrayList<>();
		for (Response response : responses) {
			latencies.add((response.end - response.start) / 1e6);
		}
		return latencies;
	}

	static double percentile(List<Double> sorted, double p) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p / 100 * (sorted.size() - 1))));
	}

	/** One waiter: a 200 with a Content-Length, read to its last byte. */
	static final class Response {

		final SocketChannel channel;

		final StringBuilder head = new StringBuilder();

		long start;

		long end;

		/** Body bytes still to come, or -1 while the headers are being read. */
		long remaining = -1;

		Response(SocketChannel channel) {
			this.channel = channel;
		}

		void send(byte[] request) throws IOException {
			ByteBuffer out = ByteBuffer.wrap(request);
			this.start = System.nanoTime();
			while (out.hasRemaining()) {
				this.channel.write(out);
			}
		}

		/** Reads what has arrived; {@code true} once the whole answer is in. */
		boolean read(SocketChannel channel, ByteBuffer buffer) throws IOException {
			while (true) {
				buffer.clear();
				int read = channel.read(buffer);
				if (read == 0) {
					return false;
				}
				if (read < 0) {
					throw new IOException("connection closed before the whole answer: " + firstLine());
				}
				buffer.flip();
				if (this.remaining < 0) {
					headers(buffer);
				}
				if (this.remaining >= 0) {
					this.remaining -= buffer.remaining();
					if (this.remaining < 0) {
						throw new IOException("more bytes than the Content-Length: " + firstLine());
					}
					if (this.remaining == 0) {
						this.end = System.nanoTime();
						return true;
					}
				}
			}
		}

		/** Consumes header bytes from the buffer, leaving the body's first bytes in it. */
		private void headers(ByteBuffer buffer) throws IOException {
			while (buffer.hasRemaining()) {
				this.head.append((char) (buffer.get() & 0xff));
				int length = this.head.length();
				if (length >= 4 && this.head.charAt(length - 1) == '\n' && this.head.charAt(length - 2) == '\r'
						&& this.head.charAt(length - 3) == '\n' && this.head.charAt(length - 4) == '\r') {
					String headers = this.head.toString();
					if (!headers.startsWith("HTTP/1.1 200")) {
						throw new IOException("not a 200: " + firstLine());
					}
					this.remaining = headers.lines()
						.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
						.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
						.findFirst()
						.orElseThrow(() -> new IOException("no Content-Length: " + firstLine()));
					return;
				}
			}
		}

		private String firstLine() {
			return this.head.toString().lines().findFirst().orElse("(nothing)");
		}

	}

}
