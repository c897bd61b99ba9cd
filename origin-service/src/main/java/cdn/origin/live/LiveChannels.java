package cdn.origin.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import cdn.origin.config.OriginProperties;
import cdn.origin.media.FfmpegTools;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The origin's live channels ({@code origin.live.channels}): put on air after the demo
 * catalog is ready and before the origin reports ready (each channel's first segment is
 * awaited, at most {@code origin.live.start-timeout}), polled every 200 ms, taken off air
 * at shutdown. Their files live under {@code {storage}/live/{trackId}/}, which is cleared
 * at start: a live window does not survive a restart.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class LiveChannels implements ApplicationRunner, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LiveChannels.class);

	private static final long POLL_MILLIS = 200;

	private final List<LiveChannel> channels = new ArrayList<>();

	private final OriginProperties.Live settings;

	private final FfmpegTools tools;

	private final TrackStore store;

	private final Path root;

	private ScheduledExecutorService poller;

	LiveChannels(OriginProperties properties, FfmpegTools tools, TrackStore store) {
		this.settings = properties.live();
		this.tools = tools;
		this.store = store;
		this.root = properties.storage().resolve("live");
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (this.settings.channels().isEmpty()) {
			return;
		}
		TrackStore.deleteRecursively(this.root);
		for (OriginProperties.Channel channel : this.settings.channels()) {
			if (this.store.exists(TrackId.of(channel.trackId()))) {
				throw new IllegalStateException("live channel " + channel.trackId()
						+ " has the id of a track on demand: give it another origin.live.channels[].track-id");
			}
			LiveChannel live = new LiveChannel(channel, this.settings, this.tools,
					this.root.resolve(channel.trackId()));
			live.start();
			this.channels.add(live);
		}
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-channels");
			thread.setDaemon(true);
			return thread;
		});
		this.poller.scheduleWithFixedDelay(() -> this.channels.forEach(LiveChannel::poll), 0, POLL_MILLIS,
				TimeUnit.MILLISECONDS);
		long deadline = System.nanoTime() + this.settings.startTimeout().toNanos();
		while (!this.channels.stream().allMatch(LiveChannel::onAir) && System.nanoTime() < deadline) {
			Thread.sleep(POLL_MILLIS);
		}
		this.channels.stream()
			.filter((channel) -> !channel.onAir())
			.forEach((channel) -> log.warn("Live channel {} has no segment after {} s; going on without it for now",
					channel.trackId(), this.settings.startTimeout().toSeconds()));
	}

	public Optional<LiveChannel> find(TrackId trackId) {
		return this.channels.stream().filter((channel) -> channel.trackId().equals(trackId)).findFirst();
	}

	/** The catalog entries of the channels on air. */
	public List<CatalogTrack> catalog() {
		return this.channels.stream().filter(LiveChannel::onAir).map(LiveChannel::catalogTrack).toList();
	}

	/** A segment one of the channels serves now. */
	public Optional<Path> segment(SegmentName name) {
		for (LiveChannel channel : this.channels) {
			Optional<Path> found = channel.segment(name);
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	@Override
	public void destroy() {
		if (this.poller != null) {
			this.poller.shutdownNow();
		}
		this.channels.forEach(LiveChannel::stop);
		try {
			TrackStore.deleteRecursively(this.root);
		}
		catch (IOException ex) {
			log.warn("Could not remove {}: {}", this.root, ex.getMessage());
		}
	}

}
