package cdn.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A real HTTP upstream on a random local port, standing in for the origin (or anything
 * behind an edge): serves what it is given, counts requests per path, and can be told to
 * be slow, answer 5xx, cut a body short, corrupt a segment, stop and start again on the
 * same port.
 */
public final class FakeUpstream implements AutoCloseable {

	public static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

	public static final String PLAYLIST_CACHING = "max-age=10, public";

	private final Map<String, Content> content = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final Map<String, Duration> delays = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

	private final Map<String, Queue<Integer>> failures = new ConcurrentHashMap<>();

	private final Map<String, Fault> faults = new ConcurrentHashMap<>();

	private final Queue<HttpServerRequest> received = new ConcurrentLinkedQueue<>();

	private final AtomicInteger total = new AtomicInteger();

	/** Open connections (closed ones leave by themselves). */
	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	/**
	 * Event loops of its own: the global ones die with the first Spring context that
	 * closes in this JVM.
	 */
	private final LoopResources loops = LoopResources.create("fake-upstream", 1, 2, true);

	private volatile DisposableServer server;

	private volatile int port;

	/** Starts on a random port. */
	public static FakeUpstream start() {
		FakeUpstream upstream = new FakeUpstream();
		upstream.bind(0);
		return upstream;
	}

	private void bind(int port) {
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(port)
			.doOnConnection((connection) -> this.connections.add(connection.channel()))
			.handle(this::handle)
			.bindNow();
		this.port = this.server.port();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** Stops listening: connections are refused until {@link #restart()}. */
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow(Duration.ofSeconds(5));
			// kept-alive connections would go on answering
			this.connections.close().awaitUninterruptibly(5000);
			this.server = null;
		}
	}

	/** Listens again on the same port. */
	public void restart() {
		if (this.server == null) {
			bind(this.port);
		}
	}

	@Override
	public void close() {
		stop();
		this.loops.dispose();
	}

	public FakeUpstream put(String path, byte[] body, String contentType, String cacheControl) {
		this.content.put(path, new Content(body, contentType, cacheControl, "\"" + SegmentId.ofBytes(body) + "\""));
		return this;
	}

	public FakeUpstream playlist(String path, String text) {
		return put(path, text.getBytes(StandardCharsets.UTF_8), PLAYLIST_TYPE, PLAYLIST_CACHING);
	}

	/** A random segment of {@code size} bytes, served under its content address. */
	public SegmentName segment(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		SegmentName name = new SegmentName(SegmentId.ofBytes(bytes), SegmentFormat.M4S);
		put(name.path(), bytes, "audio/mp4", "max-age=31536000, public, immutable");
		return name;
	}

	/**
	 * A published track as the origin lays it out: master, 3 media playlists of
	 * {@code count} segments of {@code size} bytes. Returns the segments.
	 */
	public List<SegmentName> track(String trackId, int count, int size) {
		List<SegmentName> segments = new ArrayList<>();
		StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
		long seed = trackId.hashCode() * 1000L;
		for (String rendition : List.of("a64", "a128", "a256")) {
			StringBuilder media = new StringBuilder(
					"#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:4\n");
			for (int i = 0; i < count; i++) {
				SegmentName name = segment(size, seed++);
				segments.add(name);
				media.append("#EXTINF:4.0,\n").append(name.path()).append('\n');
			}
			media.append("#EXT-X-ENDLIST\n");
			playlist("/tracks/" + trackId + "/" + rendition + "/index.m3u8", media.toString());
			master.append("#EXT-X-STREAM-INF:BANDWIDTH=")
				.append(rendition.substring(1))
				.append("000,CODECS=\"mp4a.40.2\"\n")
				.append(rendition)
				.append("/index.m3u8\n");
		}
		playlist("/tracks/" + trackId + "/master.m3u8", master.toString());
		return segments;
	}

	public byte[] body(String path) {
		return this.content.get(path).body();
	}

	/** Answers of {@code path} wait {@code delay} before the status line. */
	public FakeUpstream delay(String path, Duration delay) {
		this.delays.put(path, delay);
		return this;
	}

	/** Answers of {@code path} wait until {@link #release}. */
	public FakeUpstream hold(String path) {
		this.gates.put(path, new CompletableFuture<>());
		return this;
	}

	public FakeUpstream release(String path) {
		CompletableFuture<Void> gate = this.gates.remove(path);
		if (gate != null) {
			gate.complete(null);
		}
		return this;
	}

	/** The next requests of {@code path} get these statuses, one each, then normal. */
	public FakeUpstream failNext(String path, Integer... statuses) {
		this.failures.computeIfAbsent(path, (p) -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
		return this;
	}

	/** Every answer of {@code path} has this fault, until {@link #heal}. */
	public FakeUpstream fault(String path, Fault fault) {
		this.faults.put(path, fault);
		return this;
	}

	public FakeUpstream heal(String path) {
		this.faults.remove(path);
		this.failures.remove(path);
		this.delays.remove(path);
		return this;
	}

	public int hits(String path) {
		AtomicInteger count = this.hits.get(path);
		return (count != null) ? count.get() : 0;
	}

	public int totalHits() {
		return this.total.get();
	}

	/** Every request received, as the edge sent it. */
	public List<HttpServerRequest> received() {
		return List.copyOf(this.received);
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = new QueryStringDecoder(request.uri()).rawPath();
		this.total.incrementAndGet();
		this.hits.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
		this.received.add(request);
		Duration delay = this.delays.getOrDefault(path, Duration.ZERO);
		Mono<Void> answer = Mono.defer(() -> answer(path, request, response));
		CompletableFuture<Void> gate = this.gates.get(path);
		if (gate != null) {
			answer = Mono.fromFuture(gate, true).then(answer);
		}
		return delay.isZero() ? answer : Mono.delay(delay).then(answer);
	}

	private Mono<Void> answer(String path, HttpServerRequest request, HttpServerResponse response) {
		Queue<Integer> scripted = this.failures.get(path);
		Integer status = (scripted != null) ? scripted.poll() : null;
		if (status != null) {
			return response.status(status).send();
		}
		Content found = this.content.get(path);
		if (found == null) {
			return response.status(HttpResponseStatus.NOT_FOUND).send();
		}
		response.header(HttpHeaderNames.CONTENT_TYPE, found.contentType())
			.header(HttpHeaderNames.ETAG, found.etag())
			.header(HttpHeaderNames.CACHE_CONTROL, found.cacheControl());
		if (found.etag().equals(request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
			return response.status(HttpResponseStatus.NOT_MODIFIED).send();
		}
		byte[] body = found.body();
		Fault fault = this.faults.get(path);
		response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
		if (fault == Fault.TRUNCATE) {
			// half the promised bytes, then the connection closes
			byte[] half = Arrays.copyOf(body, body.length / 2);
			return response.sendHeaders()
				.then()
				.then(Mono.<Void>create((sink) -> response.withConnection((connection) -> connection.channel()
					.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(half)))
					.addListener((written) -> connection.channel().close().addListener((closed) -> sink.success())))));
		}
		if (fault == Fault.CORRUPT) {
			byte[] flipped = body.clone();
			flipped[flipped.length / 2] ^= 1;
			body = flipped;
		}
		return response.sendByteArray(Mono.just(body)).then();
	}

	/** A misbehaviour of an answer. */
	public enum Fault {

		/** {@code Content-Length} promises more than is sent before the close. */
		TRUNCATE,

		/** Right length, one bit flipped. */
		CORRUPT

	}

	private record Content(byte[] body, String contentType, String cacheControl, String etag) {
	}

}
