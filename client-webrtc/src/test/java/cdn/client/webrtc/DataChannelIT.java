package cdn.client.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.protocol.SegmentId;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The protocol's two ends over a real WebRTC DataChannel (webrtc-java's natives, DTLS and
 * SCTP over host candidates): two peer connections of one runtime, their descriptions and
 * candidates handed over directly, as signaling would relay them.
 */
class DataChannelIT {

	static WebRtcRuntime runtime;

	final List<AutoCloseable> opened = new ArrayList<>();

	@BeforeAll
	static void start() throws WebRtcUnavailableException {
		runtime = WebRtcRuntime.start();
	}

	@AfterAll
	static void stop() {
		runtime.close();
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable each : this.opened) {
			each.close();
		}
	}

	@Test
	void segmentsCrossTheChannelWholeSeveralAtOnce() throws Exception {
		List<byte[]> segments = List.of(TestPeers.bytes(300_000, 1), TestPeers.bytes(60_000, 2),
				TestPeers.bytes(16 * 1024 - 4, 3));
		PeerHost host = TestPeers.host(4);
		segments.forEach((bytes) -> host.cache().put(SegmentId.ofBytes(bytes), bytes));
		AskingEnd asker = connect(host);

		List<byte[]> received = Flux.fromIterable(segments)
			.flatMapSequential((bytes) -> asker.fetch(SegmentId.ofBytes(bytes), Duration.ofSeconds(2)))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(received).hasSize(3);
		for (int i = 0; i < segments.size(); i++) {
			assertThat(SegmentId.ofBytes(received.get(i))).isEqualTo(SegmentId.ofBytes(segments.get(i)));
		}
		assertThatThrownBy(() -> asker.fetch(SegmentId.ofBytes(TestPeers.bytes(10, 4)), Duration.ofSeconds(2)).block())
			.isInstanceOfSatisfying(PeerFailure.Exception.class,
					(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.SEGMENT_ABSENT));
	}

	@Test
	void aChannelThatClosesFailsItsRequestsAsUnreachable() throws Exception {
		PeerHost host = TestPeers.host(4);
		SegmentId never = SegmentId.ofBytes(TestPeers.bytes(10, 5));
		host.loading().claimed(never); // the request waits for a load that never ends
		AskingEnd asker = connect(host);
		CompletableFuture<byte[]> inFlight = asker.fetch(never, Duration.ofSeconds(5)).toFuture();
		// the server holds the request (it waits for the load) when its channel closes
		await().atMost(Duration.ofSeconds(5)).until(() -> this.serverEnds.get(0).inProgress() == 1);
		this.serverLinks.forEach(ChannelLink::close);
		assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PeerFailure.Exception.class)
			.cause()
			.satisfies((failure) -> assertThat(((PeerFailure.Exception) failure).failure())
				.isEqualTo(PeerFailure.UNREACHABLE));
	}

	final List<ChannelLink> serverLinks = new CopyOnWriteArrayList<>();

	final List<ServingEnd> serverEnds = new CopyOnWriteArrayList<>();

	/** An asking end connected to a serving end of {@code host}, its channel open. */
	AskingEnd connect(PeerHost host) throws Exception {
		Side asking = new Side();
		Side serving = new Side();
		asking.other = serving;
		serving.other = asking;
		asking.connection = runtime.connection(Ice.hostOnly(), asking);
		serving.connection = runtime.connection(Ice.hostOnly(), serving);
		serving.onChannel = (channel) -> {
			ServingEnd[] end = new ServingEnd[1];
			ChannelLink link = ChannelLink.attach(channel, runtime.frames(), ChannelLink.Events.of(() -> {
			}, (text) -> end[0].onText(text), (frame) -> end[0].onBinary(frame), () -> end[0].closed()));
			end[0] = new ServingEnd(link, host, link::close);
			this.serverEnds.add(end[0]);
			this.serverLinks.add(link);
		};
		RTCDataChannel channel = asking.connection.createDataChannel(WebRtcRuntime.CHANNEL_LABEL,
				new RTCDataChannelInit());
		CompletableFuture<Void> open = new CompletableFuture<>();
		AskingEnd[] end = new AskingEnd[1];
		ChannelLink link = ChannelLink.attach(channel, runtime.frames(),
				ChannelLink.Events.of(() -> open.complete(null), (text) -> end[0].onText(text),
						(frame) -> end[0].onBinary(frame), () -> end[0].closed()));
		end[0] = new AskingEnd(link);
		this.opened.add(() -> {
			link.close();
			this.serverLinks.forEach(ChannelLink::close);
			asking.connection.close();
			serving.connection.close();
		});

		RTCSessionDescription offer = Negotiation
			.create((observer) -> asking.connection.createOffer(new RTCOfferOptions(), observer))
			.get(5, TimeUnit.SECONDS);
		Negotiation.apply((observer) -> asking.connection.setLocalDescription(offer, observer))
			.get(5, TimeUnit.SECONDS);
		Negotiation.apply((observer) -> serving.connection.setRemoteDescription(offer, observer))
			.get(5, TimeUnit.SECONDS);
		RTCSessionDescription answer = Negotiation
			.create((observer) -> serving.connection.createAnswer(new RTCAnswerOptions(), observer))
			.get(5, TimeUnit.SECONDS);
		Negotiation.apply((observer) -> serving.connection.setLocalDescription(answer, observer))
			.get(5, TimeUnit.SECONDS);
		Negotiation.apply((observer) -> asking.connection.setRemoteDescription(answer, observer))
			.get(5, TimeUnit.SECONDS);
		asking.described();
		serving.described();
		open.get(10, TimeUnit.SECONDS);
		return end[0];
	}

	/** One peer connection; its candidates go to the other once both are described. */
	static final class Side implements PeerConnectionObserver {

		volatile RTCPeerConnection connection;

		volatile Side other;

		volatile java.util.function.Consumer<RTCDataChannel> onChannel = (channel) -> {
		};

		private final List<RTCIceCandidate> early = new ArrayList<>();

		private boolean ready;

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			try {
				synchronized (this) {
					if (!this.ready) {
						this.early.add(candidate);
						return;
					}
				}
				this.other.connection.addIceCandidate(candidate);
			}
			catch (Throwable ex) {
				// nothing may escape into the native thread: it would end the JVM
				ex.printStackTrace();
			}
		}

		@Override
		public void onDataChannel(RTCDataChannel channel) {
			try {
				this.onChannel.accept(channel);
			}
			catch (Throwable ex) {
				ex.printStackTrace();
			}
		}

		/** Both descriptions are set on the other side: candidates may go there. */
		void described() {
			List<RTCIceCandidate> held;
			synchronized (this) {
				this.ready = true;
				held = new ArrayList<>(this.early);
				this.early.clear();
			}
			held.forEach(this.other.connection::addIceCandidate);
		}

	}

}
