package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.client.peer.PeerHost;
import cdn.client.peer.SegmentServing;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The serving end of a DataChannel a peer opened to ask one of this JVM's listeners for
 * segments: answers each request as over HTTP ({@link SegmentServing}: held, not held,
 * busy, a claimed segment once it arrives), framed by {@link ChannelFrames}. A cancelled
 * request stops sending its remaining chunks. A frame that is not a request or a cancel
 * closes the channel ({@code violation}).
 */
public final class ServingEnd {

	/**
	 * Requests one asker may have in progress; beyond, busy (its upload slots bound what
	 * is sent, this bounds what waits).
	 */
	static final int MAX_IN_PROGRESS = 16;

	private final FrameSink sink;

	private final PeerHost host;

	private final Runnable violation;

	private final Map<Long, Answer> serving = new ConcurrentHashMap<>();

	/**
	 * @param host the listener asked, {@code null} when it is gone (every request: 404)
	 * @param violation closes the channel
	 */
	public ServingEnd(FrameSink sink, PeerHost host, Runnable violation) {
		this.sink = sink;
		this.host = host;
		this.violation = violation;
	}

	/** One answer in progress. */
	private static final class Answer {

		volatile boolean cancelled;

		volatile Disposable running;

	}

	/** A text frame from the asker. */
	public void onText(String text) {
		ChannelFrames.Text frame = ChannelFrames.parseText(text);
		if (frame instanceof ChannelFrames.Get get) {
			long id = get.id();
			if (this.serving.containsKey(id)) {
				this.violation.run(); // an id still in use
				return;
			}
			if (this.serving.size() >= MAX_IN_PROGRESS) {
				this.sink.text(ChannelFrames.res(id, ChannelFrames.BUSY, 0));
				return;
			}
			Answer answer = new Answer();
			this.serving.put(id, answer);
			answer.running = SegmentServing
				.answer(this.host, get.segment(), (bytes) -> Mono.fromRunnable(() -> send(id, bytes, answer)),
						() -> Mono.fromRunnable(() -> this.sink.text(ChannelFrames.res(id, ChannelFrames.NOT_HELD, 0))),
						() -> Mono.fromRunnable(() -> this.sink.text(ChannelFrames.res(id, ChannelFrames.CAPPED, 0))))
				.doFinally((signal) -> this.serving.remove(id, answer))
				.subscribe(null, (error) -> this.sink.text(ChannelFrames.res(id, ChannelFrames.CAPPED, 0)));
		}
		else if (frame instanceof ChannelFrames.Cancel cancel) {
			cancel(cancel.id());
		}
		else {
			this.violation.run();
		}
	}

	/** Askers send no binary frames. */
	public void onBinary(ByteBuffer frame) {
		this.violation.run();
	}

	/** The channel closed: answers in progress stop. */
	public void closed() {
		this.serving.keySet().forEach(this::cancel);
	}

	/** Stops an answer in progress; a late cancel leaves nothing behind. */
	private void cancel(long id) {
		Answer answer = this.serving.remove(id);
		if (answer != null) {
			answer.cancelled = true;
			Disposable running = answer.running;
			if (running != null) {
				running.dispose();
			}
		}
	}

	/** Answers in progress. */
	public int inProgress() {
		return this.serving.size();
	}

	private void send(long id, byte[] bytes, Answer answer) {
		this.sink.text(ChannelFrames.res(id, ChannelFrames.OK, bytes.length));
		for (byte[] chunk : ChannelFrames.chunks(id, bytes)) {
			if (answer.cancelled) {
				return;
			}
			this.sink.binary(chunk);
		}
	}

}
