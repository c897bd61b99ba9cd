import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Coalesced-waiter latency: ROUNDS times, N clients ask a cache for one object nobody has
 * fetched yet, all at once (connections opened first, released by a barrier); each
 * waiter's time from its request to the last body byte. Round 1 only warms the server.
 * With N = 1 it measures a single client, e.g. the upstream's own latency.
 * Java threads on plain sockets, so the clients themselves add well under a millisecond
 * (the Python client this replaces added ~10-30 ms under its interpreter lock).
 *
 * <p>Prints {@code WAITERS p50_ms p99_ms max_ms}.
 *
 * <p>usage: {@code java Waiters.java PORT PATHS_FILE ROUNDS N}
 */
public class Waiters {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter((l) -> !l.isBlank()).toList();
		int rounds = Integer.parseInt(args[2]);
		int n = Integer.parseInt(args[3]);
		List<Double> samples = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<Double> latencies = round(port, paths.get(round), n);
			if (round > 0) {
				samples.addAll(latencies);
			}
		}
		Collections.sort(samples);
		System.out.printf("WAITERS %.1f %.1f %.1f%n", percentile(samples, 50), percentile(samples, 99),
				samples.get(samples.size() - 1));
	}

	static List<Double> round(int port, String path, int n) throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(n);
		double[] latencies = new double[n];
		Throwable[] failures = new Throwable[n];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int index = i;
			Thread thread = new Thread(() -> {
				try (Socket socket = new Socket()) {
					socket.setTcpNoDelay(true);
					socket.setSoTimeout(30_000);
					socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
					byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII);
					OutputStream out = socket.getOutputStream();
					barrier.await();
					long start = System.nanoTime();
					out.write(request);
					out.flush();
					readResponse(socket.getInputStream());
					latencies[index] = (System.nanoTime() - start) / 1e6;
				}
				catch (Throwable ex) {
					failures[index] = ex;
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		for (Throwable failure : failures) {
			if (failure != null) {
				throw new IllegalStateException("a waiter failed on " + path, failure);
			}
		}
		List<Double> result = new ArrayList<>();
		for (double latency : latencies) {
			result.add(latency);
		}
		return result;
	}

	/** Reads one 200 response with a Content-Length to its last byte. */
	static void readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed in the headers");
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		if (!headers.startsWith("HTTP/1.1 200")) {
			throw new IOException("not a 200: " + headers.lines().findFirst().orElse(""));
		}
		long length = headers.lines()
			.filter((line) -> line.toLowerCase().startsWith("content-length:"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
			.findFirst()
			.orElseThrow(() -> new IOException("no Content-Length"));
		byte[] buffer = new byte[64 * 1024];
		while (length > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, length));
			if (read < 0) {
				throw new IOException("connection closed with " + length + " body bytes missing");
			}
			length -= read;
		}
	}

	static double percentile(List<Double> sorted, double p) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p / 100 * (sorted.size() - 1))));
	}

}
