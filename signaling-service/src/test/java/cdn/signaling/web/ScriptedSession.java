package cdn.signaling.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A WebSocket session without a network, for a {@code WebSocketHandler} under test: the
 * peer sends the given frames and goes away; what the handler sends is kept, as text, in
 * order.
 */
final class ScriptedSession implements WebSocketSession {

	private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

	private final List<WebSocketMessage> inbound;

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile CloseStatus closed;

	/** Text frames, and binary ones given as byte arrays. */
	ScriptedSession(List<?> frames) {
		this.inbound = new ArrayList<>();
		for (Object frame : frames) {
			this.inbound.add((frame instanceof byte[] bytes) ? binaryMessage((factory) -> factory.wrap(bytes))
					: textMessage(frame.toString()));
		}
	}

	/** The frames the handler sent, in order. */
	List<String> sent() {
		synchronized (this.sent) {
			return List.copyOf(this.sent);
		}
	}

	/** The status the handler closed the session with, or {@code null}. */
	CloseStatus closed() {
		return this.closed;
	}

	@Override
	public String getId() {
		return "scripted";
	}

	@Override
	public HandshakeInfo getHandshakeInfo() {
		return new HandshakeInfo(URI.create("ws://127.0.0.1/v1/signal"), new HttpHeaders(), Mono.empty(), null);
	}

	@Override
	public DataBufferFactory bufferFactory() {
		return this.buffers;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public Flux<WebSocketMessage> receive() {
		return Flux.fromIterable(this.inbound);
	}

	@Override
	public Mono<Void> send(Publisher<WebSocketMessage> messages) {
		return Flux.from(messages).doOnNext((message) -> this.sent.add(message.getPayloadAsText())).then();
	}

	@Override
	public boolean isOpen() {
		return this.closed == null;
	}

	@Override
	public Mono<Void> close(CloseStatus status) {
		return Mono.fromRunnable(() -> this.closed = status);
	}

	@Override
	public Mono<CloseStatus> closeStatus() {
		return Mono.justOrEmpty(this.closed);
	}

	@Override
	public WebSocketMessage textMessage(String payload) {
		return new WebSocketMessage(WebSocketMessage.Type.TEXT,
				this.buffers.wrap(payload.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return new WebSocketMessage(WebSocketMessage.Type.BINARY, payloadFactory.apply(this.buffers));
	}

	@Override
	public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return new WebSocketMessage(WebSocketMessage.Type.PING, payloadFactory.apply(this.buffers));
	}

	@Override
	public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return new WebSocketMessage(WebSocketMessage.Type.PONG, payloadFactory.apply(this.buffers));
	}

}
