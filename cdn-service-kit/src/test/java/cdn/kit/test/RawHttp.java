package cdn.kit.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.x connection written and read by hand, so a test decides exactly what goes
 * on the wire (keep-alive, pipelining, HTTP/1.0) and a response that never comes fails
 * the test after a bounded wait instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	public RawHttp(int port, Duration readTimeout) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout((int) readTimeout.toMillis());
		this.socket.setTcpNoDelay(true);
		this.in = new BufferedInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
	}

	/**
	 * A request without a body, in the form {@code "GET /path HTTP/1.1"} plus headers.
	 */
	public static String request(String requestLine, String... headers) {
		StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	public RawHttp send(String... requests) throws IOException {
		this.out.write(String.join("", requests).getBytes(StandardCharsets.ISO_8859_1));
		this.out.flush();
		return this;
	}

	/**
	 * The next response; {@code head} when it answers a {@code HEAD} (no body). Throws
	 * {@link java.net.SocketTimeoutException} when nothing comes within the read timeout.
	 */
	public Response read(boolean head) throws IOException {
		String statusLine = line();
		if (statusLine == null) {
			throw new IOException("connection closed before a status line");
		}
		Map<String, String> headers = new TreeMap<>();
		for (String line = line(); line != null && !line.isEmpty(); line = line()) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		byte[] body = new byte[0];
		if (!head && status != 304 && status != 204) {
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = chunked();
			}
			else if (headers.containsKey("content-length")) {
				body = this.in.readNBytes(Integer.parseInt(headers.get("content-length")));
			}
		}
		return new Response(statusLine, status, headers, body);
	}

	/**
	 * Whether the server closed the connection (end of stream within the read timeout).
	 */
	public boolean closedByServer() throws IOException {
		return this.in.read() == -1;
	}

	private byte[] chunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int chunks = 0; chunks < 100_000; chunks++) {
			int size = Integer.parseInt(line().split(";")[0].strip(), 16);
			if (size == 0) {
				line();
				return body.toByteArray();
			}
			body.write(this.in.readNBytes(size));
			line();
		}
		throw new IOException("too many chunks");
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < 16 * 1024; i++) {
			int c = this.in.read();
			if (c == -1) {
				return (line.length() == 0) ? null : line.toString();
			}
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) c);
		}
		throw new IOException("line too long");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * @param statusLine the status line as sent
	 * @param status its code
	 * @param headers by lower-case name
	 * @param body the body
	 */
	public record Response(String statusLine, int status, Map<String, String> headers, byte[] body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
