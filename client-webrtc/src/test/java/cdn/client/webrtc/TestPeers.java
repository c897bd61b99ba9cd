package cdn.client.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

import cdn.client.net.EmulatedLink;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerHost;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.SimClock;

/** What the tests of this module build their peers from. */
final class TestPeers {

	private TestPeers() {
	}

	/**
	 * A peer's seeding side: an empty cache, {@code uploadSlots} upload slots without a
	 * cap (none: a metered peer), nothing loading.
	 */
	static PeerHost host(int uploadSlots, LongConsumer uploaded) {
		SegmentCache cache = new SegmentCache(50_000_000, Duration.ofMinutes(5));
		UploadLimiter uploads = (uploadSlots > 0)
				? new UploadLimiter(uploadSlots, new EmulatedLink(SimClock.scaled(1), 0)) : null;
		LoadingSegments loading = new LoadingSegments();
		return new PeerHost() {
			@Override
			public SegmentCache cache() {
				return cache;
			}

			@Override
			public UploadLimiter uploads() {
				return uploads;
			}

			@Override
			public LoadingSegments loading() {
				return loading;
			}

			@Override
			public void uploaded(long bytes) {
				uploaded.accept(bytes);
			}
		};
	}

	static PeerHost host(int uploadSlots) {
		return host(uploadSlots, (bytes) -> {
		});
	}

	/** Bytes that differ from seed to seed. */
	static byte[] bytes(int length, int seed) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i * seed + seed);
		}
		return bytes;
	}

	/** A sink that keeps the text frames sent to it and drops the binary ones. */
	static final class RecordingSink implements FrameSink {

		final List<String> texts = new CopyOnWriteArrayList<>();

		@Override
		public void text(String frame) {
			this.texts.add(frame);
		}

		@Override
		public void binary(byte[] frame) {
		}

	}

}
