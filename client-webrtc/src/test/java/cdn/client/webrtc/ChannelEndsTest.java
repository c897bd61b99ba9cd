package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.protocol.SegmentId;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asking end and a serving end wired to each other without a channel: the request and
 * answer semantics of the peer wire protocol, and what each end does with frames the
 * protocol does not allow.
 */
class ChannelEndsTest {

	static final Duration STALL = Duration.ofMillis(500);

	static final byte[] BYTES = new byte[50_000];

	static final SegmentId HELD = SegmentId.ofBytes(BYTES);

	static final SegmentId ABSENT = SegmentId.ofBytes(new byte[1]);

	final AtomicInteger violations = new AtomicInteger();

	final AtomicInteger uploaded = new AtomicInteger();

	/** Both ends, the server's frames delivered to the asker and the other way round. */
	AskingEnd connected(PeerHost host) {
		AskingEnd[] asker = new AskingEnd[1];
		ServingEnd server = new ServingEnd(new FrameSink() {
			@Override
			public void text(String frame) {
				asker[0].onText(frame);
			}

			@Override
			public void binary(byte[] frame) {
				asker[0].onBinary(ByteBuffer.wrap(frame));
			}
		}, host, this.violations::incrementAndGet);
		asker[0] = new AskingEnd(new FrameSink() {
			@Override
			public void text(String frame) {
				server.onText(frame);
			}

			@Override
			public void binary(byte[] frame) {
				server.onBinary(ByteBuffer.wrap(frame));
			}
		});
		return asker[0];
	}

	PeerHost host(int uploadSlots) {
		PeerHost host = TestPeers.host(uploadSlots, (bytes) -> this.uploaded.addAndGet((int) bytes));
		host.cache().put(HELD, BYTES);
		return host;
	}

	@Test
	void aHeldSegmentComesWholeAndIsCountedAsUploaded() {
		StepVerifier.create(connected(host(4)).fetch(HELD, STALL)).assertNext((bytes) -> {
			assertThat(bytes).isEqualTo(BYTES);
			assertThat(SegmentId.ofBytes(bytes)).isEqualTo(HELD);
		}).verifyComplete();
		assertThat(this.uploaded).hasValue(BYTES.length);
	}

	@Test
	void notHeldNotHostedAndNotUploadingAreTheHttpFailures() {
		StepVerifier.create(connected(host(4)).fetch(ABSENT, STALL))
			.verifyErrorSatisfies(failure(PeerFailure.SEGMENT_ABSENT));
		StepVerifier.create(connected(null).fetch(HELD, STALL))
			.verifyErrorSatisfies(failure(PeerFailure.SEGMENT_ABSENT));
		StepVerifier.create(connected(host(0)).fetch(HELD, STALL)).verifyErrorSatisfies(failure(PeerFailure.BUSY));
		assertThat(this.violations).hasValue(0);
	}

	@Test
	void aSegmentBeingLoadedIsAnsweredWhenItArrives() {
		PeerHost host = host(4);
		SegmentId loading = SegmentId.ofBytes(new byte[] { 1, 2, 3 });
		host.loading().claimed(loading);
		AskingEnd asker = connected(host);
		StepVerifier.create(asker.fetch(loading, Duration.ofSeconds(2))).then(() -> {
			host.cache().put(loading, new byte[] { 1, 2, 3 });
			host.loading().ended(loading);
		}).assertNext((bytes) -> assertThat(bytes).containsExactly(1, 2, 3)).verifyComplete();
	}

	@Test
	void aSilentPeerTimesOutAndIsToldToStop() {
		TestPeers.RecordingSink sink = new TestPeers.RecordingSink();
		List<String> sent = sink.texts;
		AskingEnd asker = new AskingEnd(sink);
		StepVerifier.create(asker.fetch(HELD, Duration.ofMillis(100)))
			.verifyErrorSatisfies(failure(PeerFailure.TIMEOUT));
		assertThat(sent).containsExactly(ChannelFrames.get(0, HELD), ChannelFrames.cancel(0));
		assertThat(asker.inFlight()).isZero();
	}

	@Test
	void answersTheProtocolDoesNotAllowAreViolations() {
		TestPeers.RecordingSink sink = new TestPeers.RecordingSink();
		List<String> sent = sink.texts;
		AskingEnd asker = new AskingEnd(sink);
		// more bytes than the head announced
		StepVerifier.create(asker.fetch(HELD, STALL)).then(() -> {
			asker.onText(ChannelFrames.res(0, 200, 3));
			ChannelFrames.chunks(0, new byte[5]).forEach((chunk) -> asker.onBinary(ByteBuffer.wrap(chunk)));
		}).verifyErrorSatisfies(failure(PeerFailure.PROTOCOL_VIOLATION));
		// a body with no head, a head past the size limit, an unknown status, garbage
		StepVerifier.create(asker.fetch(HELD, STALL))
			.then(() -> ChannelFrames.chunks(1, new byte[5]).forEach((chunk) -> asker.onBinary(ByteBuffer.wrap(chunk))))
			.verifyErrorSatisfies(failure(PeerFailure.PROTOCOL_VIOLATION));
		StepVerifier.create(asker.fetch(HELD, STALL))
			.then(() -> asker.onText(ChannelFrames.res(2, 200, AskingEnd.MAX_SEGMENT_BYTES + 1L)))
			.verifyErrorSatisfies(failure(PeerFailure.PROTOCOL_VIOLATION));
		StepVerifier.create(asker.fetch(HELD, STALL))
			.then(() -> asker.onText(ChannelFrames.res(3, 302, 0)))
			.verifyErrorSatisfies(failure(PeerFailure.PROTOCOL_VIOLATION));
		StepVerifier.create(asker.fetch(HELD, STALL))
			.then(() -> asker.onText("{\"t\":\"get\",\"id\":4,\"segment\":\"" + HELD.value() + "\"}"))
			.verifyErrorSatisfies(failure(PeerFailure.PROTOCOL_VIOLATION));
		// the channel closed: in flight and later requests fail as unreachable
		StepVerifier.create(asker.fetch(HELD, STALL))
			.then(asker::closed)
			.verifyErrorSatisfies(failure(PeerFailure.UNREACHABLE));
		StepVerifier.create(asker.fetch(HELD, STALL)).verifyErrorSatisfies(failure(PeerFailure.UNREACHABLE));
	}

	@Test
	void aServerClosesOnFramesThatAreNotRequestsAndBoundsWhatWaits() {
		TestPeers.RecordingSink sink = new TestPeers.RecordingSink();
		List<String> answers = sink.texts;
		PeerHost host = host(4);
		ServingEnd server = new ServingEnd(sink, host, this.violations::incrementAndGet);
		server.onText("{\"t\":\"res\",\"id\":1,\"status\":200,\"length\":1}");
		server.onText("garbage");
		server.onBinary(ByteBuffer.wrap(new byte[8]));
		assertThat(this.violations).hasValue(3);

		// requests for a segment being loaded wait; past the bound they are busy at once
		SegmentId loading = SegmentId.ofBytes(new byte[] { 9 });
		host.loading().claimed(loading);
		for (int id = 0; id < ServingEnd.MAX_IN_PROGRESS + 2; id++) {
			server.onText(ChannelFrames.get(id, loading));
		}
		assertThat(server.inProgress()).isEqualTo(ServingEnd.MAX_IN_PROGRESS);
		assertThat(answers).containsExactly(ChannelFrames.res(16, ChannelFrames.BUSY, 0),
				ChannelFrames.res(17, ChannelFrames.BUSY, 0));
		server.onText(ChannelFrames.get(3, loading)); // an id in use
		assertThat(this.violations).hasValue(4);
		server.onText(ChannelFrames.cancel(0));
		server.onText(ChannelFrames.cancel(99)); // not in progress: nothing
		assertThat(server.inProgress()).isEqualTo(ServingEnd.MAX_IN_PROGRESS - 1);
		server.closed();
		assertThat(server.inProgress()).isZero();
	}

	static java.util.function.Consumer<Throwable> failure(PeerFailure expected) {
		return (error) -> assertThat(error).isInstanceOfSatisfying(PeerFailure.Exception.class,
				(failure) -> assertThat(failure.failure()).isEqualTo(expected));
	}

}
