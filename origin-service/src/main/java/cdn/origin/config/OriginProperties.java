package cdn.origin.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cdn.kit.security.Secret;
import cdn.protocol.TrackId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the origin, bindable from the environment ({@code ORIGIN_STORAGE},
 * {@code ORIGIN_ADMIN_TOKEN}, {@code ORIGIN_INGEST_MAX_UPLOAD_SIZE}, ...). Documented
 * with defaults in {@code origin-service/README.md}.
 *
 * @param storage directory of the master copies (segments, playlists, manifests)
 * @param adminToken bearer token for ingest (at least 16 characters); empty disables
 * ingest
 * @param adminTokenFile a file holding the admin token instead (a mounted secret)
 * @param playlistMaxAge {@code Cache-Control: max-age} of playlists
 * @param catalogMaxAge {@code Cache-Control: max-age} of the catalog
 * @param ingest upload and transcoding limits
 * @param ffmpeg where ffmpeg and ffprobe come from
 * @param demoCatalog synthetic tracks generated into an empty store
 * @param live live channels and their sliding-window playlists
 */
@ConfigurationProperties("origin")
public record OriginProperties(@DefaultValue("data/origin") Path storage, @DefaultValue("") Secret adminToken,
		Path adminTokenFile, @DefaultValue("10s") Duration playlistMaxAge, @DefaultValue("10s") Duration catalogMaxAge,
		@DefaultValue Ingest ingest, @DefaultValue Ffmpeg ffmpeg, @DefaultValue DemoCatalog demoCatalog,
		@DefaultValue Live live) {

	public OriginProperties {
		adminToken = Secret.literalOrFile(adminToken, adminTokenFile, "origin.admin-token");
	}

	public boolean ingestEnabled() {
		return !this.adminToken.isEmpty();
	}

	@Override
	public String toString() {
		// never print the admin token
		return "OriginProperties[storage=" + this.storage + ", adminToken=" + (ingestEnabled() ? "******" : "(none)")
				+ ", playlistMaxAge=" + this.playlistMaxAge + ", catalogMaxAge=" + this.catalogMaxAge + ", ingest="
				+ this.ingest + ", ffmpeg=" + this.ffmpeg + ", demoCatalog=" + this.demoCatalog + ", live=" + this.live
				+ "]";
	}

	/**
	 * @param maxUploadSize largest accepted upload (413 above it)
	 * @param maxDuration longest accepted audio
	 * @param segmentDuration target HLS segment duration, 2 to 6 s
	 * @param concurrency transcodes running at once
	 * @param queueCapacity accepted ingests waiting for a transcode slot (503 above it)
	 * @param timeout longest a single ffmpeg run may take
	 * @param statusRetention how long a finished ingest's status stays readable
	 */
	public record Ingest(@DefaultValue("200MB") DataSize maxUploadSize, @DefaultValue("30m") Duration maxDuration,
			@DefaultValue("4s") Duration segmentDuration, @DefaultValue("1") int concurrency,
			@DefaultValue("16") int queueCapacity, @DefaultValue("10m") Duration timeout,
			@DefaultValue("24h") Duration statusRetention) {

		public Ingest {
			if (segmentDuration.compareTo(Duration.ofSeconds(2)) < 0
					|| segmentDuration.compareTo(Duration.ofSeconds(6)) > 0) {
				throw new IllegalArgumentException("origin.ingest.segment-duration must be between 2s and 6s");
			}
			if (concurrency < 1 || queueCapacity < 1) {
				throw new IllegalArgumentException("origin.ingest.concurrency and queue-capacity must be at least 1");
			}
		}

	}

	/**
	 * @param directory a directory holding ffmpeg and ffprobe; unset to search
	 * @param source {@code auto} (PATH, then the bundled build), {@code path} or
	 * {@code bundled}
	 */
	public record Ffmpeg(Path directory, @DefaultValue("auto") String source) {

		public Ffmpeg {
			if (!source.equals("auto") && !source.equals("path") && !source.equals("bundled")) {
				throw new IllegalArgumentException("origin.ffmpeg.source must be auto, path or bundled");
			}
		}

	}

	/**
	 * @param enabled generate the synthetic demo tracks when the store holds no track
	 */
	public record DemoCatalog(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Live channels: each is one ffmpeg encoding a source in real time into the ladder,
	 * published as a sliding window of content-addressed segments.
	 *
	 * @param channels the channels to put on air at start (none by default)
	 * @param segmentDuration target segment duration, 2 to 6 s
	 * @param window segments per live media playlist, 3 to 60; a segment that left it is
	 * still served for as long again
	 * @param playlistMaxAge {@code Cache-Control: max-age} of live media playlists, at
	 * least 1 s and less than a segment
	 * @param startTimeout how long the origin waits for a channel's first segment before
	 * it reports ready anyway
	 */
	public record Live(@DefaultValue List<Channel> channels, @DefaultValue("4s") Duration segmentDuration,
			@DefaultValue("10") int window, @DefaultValue("1s") Duration playlistMaxAge,
			@DefaultValue("30s") Duration startTimeout) {

		public Live {
			if (segmentDuration.compareTo(Duration.ofSeconds(2)) < 0
					|| segmentDuration.compareTo(Duration.ofSeconds(6)) > 0) {
				throw new IllegalArgumentException("origin.live.segment-duration must be between 2s and 6s");
			}
			if (window < 3 || window > 60) {
				throw new IllegalArgumentException("origin.live.window must be between 3 and 60 segments");
			}
			if (playlistMaxAge.compareTo(Duration.ofSeconds(1)) < 0 || playlistMaxAge.compareTo(segmentDuration) >= 0) {
				throw new IllegalArgumentException(
						"origin.live.playlist-max-age must be at least 1s and shorter than a segment");
			}
			Set<String> ids = new HashSet<>();
			for (Channel channel : channels) {
				if (!ids.add(channel.trackId())) {
					throw new IllegalArgumentException("origin.live.channels names " + channel.trackId() + " twice");
				}
			}
		}

	}

	/**
	 * @param trackId the channel's track id, as listed in the catalog
	 * @param title a human title (default: the track id)
	 * @param source {@code test-signal} (a synthetic tone, generated in real time) or the
	 * path of an audio file, read in real time and looped
	 */
	public record Channel(String trackId, @DefaultValue("") String title, @DefaultValue("test-signal") String source) {

		public static final String TEST_SIGNAL = "test-signal";

		public Channel {
			if (!TrackId.isValid(trackId)) {
				throw new IllegalArgumentException(
						"origin.live.channels[].track-id must match [a-z0-9][a-z0-9-]{0,63}, got: " + trackId);
			}
			if (!TEST_SIGNAL.equals(source) && !Files.isReadable(Path.of(source))) {
				throw new IllegalArgumentException("origin.live.channels[].source of " + trackId
						+ " must be test-signal or a readable audio file, got: " + source);
			}
			title = title.isBlank() ? trackId : title;
		}

	}

}
