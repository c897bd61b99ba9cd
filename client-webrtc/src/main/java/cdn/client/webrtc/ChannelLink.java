package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DataChannel carrying one end of the protocol ({@link AskingEnd} or
 * {@link ServingEnd}): frames out as exact arrays, frames in copied on the native thread
 * (the buffer is only valid there) and handed to the end on the runtime's frame thread.
 */
public final class ChannelLink implements FrameSink {

	private static final Logger log = LoggerFactory.getLogger(ChannelLink.class);

	/** What the link tells its end. */
	public interface Events {

		void open();

		void text(String frame);

		void binary(ByteBuffer frame);

		void closed();

		/** Events handed to these. */
		static Events of(Runnable open, Consumer<String> text, Consumer<ByteBuffer> binary, Runnable closed) {
			return new Events() {
				@Override
				public void open() {
					open.run();
				}

				@Override
				public void text(String frame) {
					text.accept(frame);
				}

				@Override
				public void binary(ByteBuffer frame) {
					binary.accept(frame);
				}

				@Override
				public void closed() {
					closed.run();
				}
			};
		}

	}

	private final RTCDataChannel channel;

	private volatile boolean closed;

	private ChannelLink(RTCDataChannel channel) {
		this.channel = channel;
	}

	/** Observes {@code channel} and delivers its events on {@code frames}, in order. */
	public static ChannelLink attach(RTCDataChannel channel, Executor frames, Events events) {
		ChannelLink link = new ChannelLink(channel);
		channel.registerObserver(new RTCDataChannelObserver() {
			@Override
			public void onBufferedAmountChange(long previousAmount) {
			}

			@Override
			public void onStateChange() {
				try {
					RTCDataChannelState state = channel.getState();
					if (state == RTCDataChannelState.OPEN) {
						link.deliver(frames, events::open);
					}
					else if (state == RTCDataChannelState.CLOSED && !link.closed) {
						link.closed = true;
						link.deliver(frames, events::closed);
					}
				}
				catch (Throwable ex) {
					log.warn("DataChannel state change failed: {}", ex.toString());
				}
			}

			@Override
			public void onMessage(RTCDataChannelBuffer buffer) {
				try {
					byte[] bytes = new byte[buffer.data.remaining()];
					buffer.data.get(bytes);
					if (buffer.binary) {
						link.deliver(frames, () -> events.binary(ByteBuffer.wrap(bytes)));
					}
					else {
						link.deliver(frames, () -> events.text(new String(bytes, StandardCharsets.UTF_8)));
					}
				}
				catch (Throwable ex) {
					log.warn("DataChannel message failed: {}", ex.toString());
				}
			}
		});
		if (channel.getState() == RTCDataChannelState.OPEN) {
			link.deliver(frames, events::open);
		}
		return link;
	}

	private void deliver(Executor frames, Runnable event) {
		try {
			frames.execute(() -> {
				try {
					event.run();
				}
				catch (RuntimeException ex) {
					log.warn("DataChannel event failed: {}", ex.toString());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// the runtime is closing
		}
	}

	@Override
	public void text(String frame) {
		send(frame.getBytes(StandardCharsets.UTF_8), false);
	}

	@Override
	public void binary(byte[] frame) {
		send(frame, true);
	}

	private void send(byte[] frame, boolean binary) {
		if (this.closed) {
			return;
		}
		try {
			// webrtc-java 0.14 sends a heap buffer's whole backing array: exact arrays
			// only
			this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(frame), binary));
		}
		catch (Exception ex) {
			log.debug("DataChannel send failed: {}", ex.toString());
		}
	}

	/** Bytes queued in the channel, not yet sent. */
	public long bufferedAmount() {
		return this.channel.getBufferedAmount();
	}

	public void close() {
		this.closed = true;
		WebRtcRuntime.disposeQuietly(() -> {
			this.channel.unregisterObserver();
			this.channel.close();
			this.channel.dispose();
		});
	}

}
