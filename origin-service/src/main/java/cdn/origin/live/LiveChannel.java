package cdn.origin.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import cdn.origin.config.OriginProperties;
import cdn.origin.media.FfmpegTools;
import cdn.origin.media.HlsLadderPackager;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.SegmentMap;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live channel: an ffmpeg encodes the source in real time into the ladder (the same
 * AAC renditions as on-demand tracks, fMP4 segments) in a work directory; {@link #poll}
 * takes each segment once every rendition has it, names it by its SHA-256 like every
 * other segment, and slides each rendition's media playlist (no {@code EXT-X-ENDLIST}, a
 * growing {@code EXT-X-MEDIA-SEQUENCE}). A segment that left the window is still served
 * for another window's length (players that fetched the playlist just before still get
 * it), then deleted. If ffmpeg dies it is restarted and the sequence goes on, the next
 * segment marked {@code EXT-X-DISCONTINUITY}. Polls and stops are serialised by the
 * channel's monitor; readers see immutable playlist bytes.
 */
public final class LiveChannel {

	private static final Logger log = LoggerFactory.getLogger(LiveChannel.class);

	private static final MediaPlaylistParser PARSER = new MediaPlaylistParser(ParsingMode.LENIENT);

	/**
	 * A synthetic tone that changes pitch every quarter second, rendered in real time.
	 */
	static final String TEST_SIGNAL = "sine=frequency=220:beep_factor=2:sample_rate=48000";

	/** How long a dead encoder waits before it is started again. */
	private static final long RESTART_DELAY_NANOS = TimeUnit.SECONDS.toNanos(2);

	private record Segment(long sequence, double duration, SegmentName name, SegmentName init, boolean discontinuity) {
	}

	private final OriginProperties.Channel channel;

	private final TrackId trackId;

	private final OriginProperties.Live settings;

	private final FfmpegTools tools;

	private final Path encoderDir;

	private final Path segmentsDir;

	private final Rendition[] ladder = Rendition.values();

	private final List<Deque<Segment>> windows = new ArrayList<>();

	private final Deque<Segment> retired = new ArrayDeque<>();

	private final SegmentName[] inits;

	/** Every segment (and init segment) the channel serves now. */
	private final Map<SegmentName, Path> served = new ConcurrentHashMap<>();

	private final byte[] master;

	private volatile byte[][] playlists;

	private Process encoder;

	private long restartAtNanos = -1;

	/** The encoder's next segment number, in its own playlists. */
	private long encoderNext;

	/** The channel's next media sequence number: it never goes back. */
	private long nextSequence;

	private boolean discontinuity;

	private boolean stopped;

	LiveChannel(OriginProperties.Channel channel, OriginProperties.Live settings, FfmpegTools tools, Path dir)
			throws IOException {
		this.channel = channel;
		this.trackId = TrackId.of(channel.trackId());
		this.settings = settings;
		this.tools = tools;
		this.encoderDir = dir.resolve("encoder");
		this.segmentsDir = Files.createDirectories(dir.resolve("segments"));
		this.inits = new SegmentName[this.ladder.length];
		for (int r = 0; r < this.ladder.length; r++) {
			this.windows.add(new ArrayDeque<>());
		}
		this.master = HlsLadderPackager.nominalMasterPlaylist(List.of(this.ladder)).getBytes(StandardCharsets.UTF_8);
	}

	public TrackId trackId() {
		return this.trackId;
	}

	public CatalogTrack catalogTrack() {
		return new CatalogTrack(this.trackId.value(), this.channel.title(), 0,
				List.of(this.ladder).stream().map(Rendition::id).toList(), CatalogTrack.masterPath(this.trackId), true);
	}

	/** Whether the channel has published a segment: its playlists can be played. */
	public boolean onAir() {
		return this.playlists != null;
	}

	/** The master playlist, once on air. */
	public Optional<byte[]> master() {
		return onAir() ? Optional.of(this.master) : Optional.empty();
	}

	/** The current media playlist of {@code rendition}, once on air. */
	public Optional<byte[]> playlist(Rendition rendition) {
		byte[][] current = this.playlists;
		return (current != null) ? Optional.of(current[rendition.ordinal()]) : Optional.empty();
	}

	public Optional<Path> segment(SegmentName name) {
		return Optional.ofNullable(this.served.get(name));
	}

	/** Starts the encoder; segments are taken in by {@link #poll}. */
	synchronized void start() throws IOException {
		TrackStore.deleteRecursively(this.encoderDir);
		Files.createDirectories(this.encoderDir);
		this.encoder = this.tools.startFfmpeg(encoderArguments(), this.encoderDir.resolve("ffmpeg.log"));
		this.encoderNext = 0;
		log.info("Live channel {} on air from {} ({} s segments, {} in the window)", this.trackId,
				this.channel.source(), this.settings.segmentDuration().toSeconds(), this.settings.window());
	}

	/**
	 * Takes in the segments every rendition's encoder playlist has, slides the windows
	 * and deletes segments that left them long enough ago; restarts a dead encoder.
	 */
	synchronized void poll() {
		if (this.stopped) {
			return;
		}
		try {
			if (!this.encoder.isAlive()) {
				restartLater();
				return;
			}
			List<MediaPlaylist> encoded = readEncoderPlaylists();
			if (encoded == null) {
				return;
			}
			long lastCommon = Long.MAX_VALUE;
			for (MediaPlaylist playlist : encoded) {
				lastCommon = Math.min(lastCommon, playlist.mediaSequence() + playlist.mediaSegments().size() - 1);
			}
			boolean changed = false;
			for (long number = this.encoderNext; number <= lastCommon; number++) {
				if (!takeSegment(encoded, number)) {
					// the encoder deleted it before we saw it (a stalled origin): a gap
					this.discontinuity = true;
				}
				this.encoderNext = number + 1;
				changed = true;
			}
			if (changed) {
				slide();
				publishPlaylists();
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Live channel {}: {}", this.trackId, ex.getMessage());
		}
	}

	private void restartLater() throws IOException {
		long now = System.nanoTime();
		if (this.restartAtNanos < 0) {
			log.warn("Live channel {}: the encoder exited with code {}; restarting it in 2 s (see {})", this.trackId,
					this.encoder.exitValue(), this.encoderDir.resolve("ffmpeg.log"));
			this.restartAtNanos = now + RESTART_DELAY_NANOS;
		}
		else if (now >= this.restartAtNanos) {
			this.restartAtNanos = -1;
			this.discontinuity = true;
			Arrays.fill(this.inits, null);
			start();
		}
	}

	private List<MediaPlaylist> readEncoderPlaylists() throws IOException {
		List<MediaPlaylist> encoded = new ArrayList<>();
		for (Rendition rendition : this.ladder) {
			Path file = this.encoderDir.resolve(rendition.id()).resolve("index.m3u8");
			if (!Files.isRegularFile(file)) {
				return null;
			}
			try {
				encoded.add(PARSER.readPlaylist(Files.readString(file)));
			}
			catch (io.lindstrom.m3u8.parser.PlaylistParserException ex) {
				// ffmpeg renames complete playlists into place: this is a real fault
				throw new IOException("unreadable encoder playlist " + file + ": " + ex.getMessage(), ex);
			}
		}
		return encoded;
	}

	/**
	 * Publishes encoder segment {@code number} of every rendition; false if it is gone.
	 */
	private boolean takeSegment(List<MediaPlaylist> encoded, long number) throws IOException {
		List<MediaSegment> found = new ArrayList<>();
		for (MediaPlaylist playlist : encoded) {
			long position = number - playlist.mediaSequence();
			if (position < 0) {
				return false;
			}
			found.add(playlist.mediaSegments().get((int) position));
		}
		long sequence = this.nextSequence++;
		for (int r = 0; r < this.ladder.length; r++) {
			MediaSegment segment = found.get(r);
			Path renditionDir = this.encoderDir.resolve(this.ladder[r].id());
			if (this.inits[r] == null) {
				String init = segment.segmentMap()
					.map(SegmentMap::uri)
					.orElseThrow(() -> new IOException(
							"the encoder's playlist of " + this.trackId + " names no init segment"));
				this.inits[r] = takeFile(renditionDir.resolve(init), SegmentFormat.MP4);
			}
			SegmentName name = takeFile(renditionDir.resolve(segment.uri()), SegmentFormat.M4S);
			this.windows.get(r)
				.addLast(new Segment(sequence, segment.duration(), name, this.inits[r], this.discontinuity));
		}
		this.discontinuity = false;
		return true;
	}

	/** Copies an encoder file to its content address (the encoder deletes its own). */
	private SegmentName takeFile(Path file, SegmentFormat format) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		SegmentName name = new SegmentName(SegmentId.ofBytes(bytes), format);
		Path target = this.segmentsDir.resolve(name.fileName());
		if (!Files.exists(target)) {
			Path temporary = this.segmentsDir.resolve(name.fileName() + ".tmp");
			Files.write(temporary, bytes);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		this.served.put(name, target);
		return name;
	}

	/** Moves segments out of the windows and deletes those retired a window ago. */
	private void slide() throws IOException {
		for (Deque<Segment> window : this.windows) {
			while (window.size() > this.settings.window()) {
				this.retired.addLast(window.removeFirst());
			}
		}
		while (this.retired.size() > this.settings.window() * this.ladder.length) {
			Segment gone = this.retired.removeFirst();
			this.served.remove(gone.name());
			Files.deleteIfExists(this.segmentsDir.resolve(gone.name().fileName()));
		}
	}

	private void publishPlaylists() {
		byte[][] next = new byte[this.ladder.length][];
		int target = (int) Math.round(this.settings.segmentDuration().toMillis() / 1000.0);
		for (int r = 0; r < this.ladder.length; r++) {
			List<MediaSegment> segments = new ArrayList<>();
			Deque<Segment> window = this.windows.get(r);
			SegmentName init = null;
			for (Segment segment : window) {
				MediaSegment.Builder entry = MediaSegment.builder()
					.duration(segment.duration())
					.uri(segment.name().path())
					.discontinuity(segment.discontinuity());
				// EXT-X-MAP where the init segment starts to apply: first, and after a
				// restart
				if (!segment.init().equals(init)) {
					init = segment.init();
					entry.segmentMap(SegmentMap.of(init.path()));
				}
				segments.add(entry.build());
			}
			MediaPlaylist playlist = MediaPlaylist.builder()
				.version(7)
				.targetDuration(target)
				.mediaSequence(window.getFirst().sequence())
				.ongoing(true)
				.mediaSegments(segments)
				.build();
			next[r] = PARSER.writePlaylistAsString(playlist).getBytes(StandardCharsets.UTF_8);
		}
		this.playlists = next;
	}

	private List<String> encoderArguments() {
		List<String> args = new ArrayList<>(List.of("-v", "error", "-re"));
		// media time is wall-clock time: it goes on across encoder restarts, and no two
		// broadcasts (of the same source) give a segment the same bytes, so the same id
		// never names two positions of a channel
		String wallClock = String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);
		if (OriginProperties.Channel.TEST_SIGNAL.equals(this.channel.source())) {
			args.addAll(List.of("-f", "lavfi", "-i", TEST_SIGNAL));
		}
		else {
			args.addAll(List.of("-stream_loop", "-1", "-i", this.channel.source()));
		}
		args.addAll(HlsLadderPackager.encodingArguments(List.of(this.ladder)));
		args.addAll(
				List.of("-f", "hls", "-hls_time", Double.toString(this.settings.segmentDuration().toMillis() / 1000.0),
						"-hls_list_size", Integer.toString(this.settings.window()), "-hls_flags",
						"delete_segments+temp_file", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
						"-hls_segment_filename", this.encoderDir.resolve("%v").resolve("seg%07d.m4s").toString(),
						"-var_stream_map", HlsLadderPackager.streamMap(List.of(this.ladder)),
						this.encoderDir.resolve("%v").resolve("index.m3u8").toString()));
		return args;
	}

	/**
	 * Takes the channel off air: the encoder is stopped, the playlists end
	 * ({@code EXT-X-ENDLIST}) and the channel's files are removed.
	 */
	synchronized void stop() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		if (this.encoder != null) {
			this.encoder.destroy();
			try {
				if (!this.encoder.waitFor(5, TimeUnit.SECONDS)) {
					this.encoder.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.encoder.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		byte[][] current = this.playlists;
		if (current != null) {
			byte[][] ended = new byte[current.length][];
			for (int r = 0; r < current.length; r++) {
				ended[r] = (new String(current[r], StandardCharsets.UTF_8) + "#EXT-X-ENDLIST\n")
					.getBytes(StandardCharsets.UTF_8);
			}
			this.playlists = ended;
		}
		log.info("Live channel {} off air", this.trackId);
	}

}
