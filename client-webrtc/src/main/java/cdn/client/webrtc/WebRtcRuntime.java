package cdn.client.webrtc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's WebRTC: one native peer-connection factory (its network, signaling and worker
 * threads) shared by every listener of the process, with a dummy audio device (the
 * default one opens the sound system and aborts the JVM where there is none), and one
 * thread that takes the channels' frames off the native threads in order.
 * <p>
 * The natives call back on their signaling thread: nothing may block there, and an
 * exception that escapes into native code ends the JVM, so every callback here catches.
 */
public final class WebRtcRuntime implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebRtcRuntime.class);

	/** The DataChannel's label, the web player's ({@code player/p2p/peers.js}). */
	public static final String CHANNEL_LABEL = "segments";

	private final AudioDeviceModule audio;

	private final PeerConnectionFactory factory;

	private final ExecutorService frames;

	private WebRtcRuntime(AudioDeviceModule audio, PeerConnectionFactory factory) {
		this.audio = audio;
		this.factory = factory;
		// once closed, what still comes (a late callback, a relay) is dropped, not
		// refused:
		// nothing is left to hand it to
		this.frames = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, "webrtc-frames");
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.DiscardPolicy());
	}

	/**
	 * Loads the natives and makes the factory.
	 * @throws WebRtcUnavailableException when they cannot load here, saying why in one
	 * line
	 */
	public static WebRtcRuntime start() throws WebRtcUnavailableException {
		AudioDeviceModule audio = null;
		try {
			audio = new AudioDeviceModule(AudioLayer.kDummyAudio);
			return new WebRtcRuntime(audio, new PeerConnectionFactory(audio));
		}
		catch (LinkageError | RuntimeException ex) {
			if (audio != null) {
				disposeQuietly(audio::dispose);
			}
			throw new WebRtcUnavailableException("WebRTC natives unavailable on " + System.getProperty("os.name") + "/"
					+ System.getProperty("os.arch") + ": " + firstLine(ex), ex);
		}
	}

	/** A peer connection that finds its way as {@code ice} says. */
	public RTCPeerConnection connection(Ice ice, PeerConnectionObserver observer) {
		RTCConfiguration configuration = new RTCConfiguration();
		configuration.iceServers.addAll(ice.servers());
		// UDP only (ICE over TCP is a fallback DataChannels between peers rarely need):
		// half the candidates to relay through signaling, half the sockets
		configuration.portAllocatorConfig = new PortAllocatorConfig().setDisableTcp(true);
		if (ice.relayOnly()) {
			configuration.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
		}
		return this.factory.createPeerConnection(configuration, observer);
	}

	/** Where channels hand their frames, in the order they came. */
	ExecutorService frames() {
		return this.frames;
	}

	@Override
	public void close() {
		// the natives first: their threads may still call back, and hand events to frames
		disposeQuietly(this.factory::dispose);
		disposeQuietly(this.audio::dispose);
		this.frames.shutdownNow();
	}

	/** Native disposal may throw {@link Error}s; closing goes on. */
	static void disposeQuietly(Runnable dispose) {
		try {
			dispose.run();
		}
		catch (Throwable ex) {
			log.debug("WebRTC disposal failed: {}", ex.toString());
		}
	}

	private static String firstLine(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		int newline = message.indexOf('\n');
		return ex.getClass().getSimpleName() + ": " + ((newline < 0) ? message : message.substring(0, newline));
	}

}
