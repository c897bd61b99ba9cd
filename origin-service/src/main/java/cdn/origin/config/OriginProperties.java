package cdn.origin.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the origin, bindable from the environment ({@code ORIGIN_STORAGE},
 * {@code ORIGIN_ADMIN_TOKEN}, {@code ORIGIN_INGEST_MAX_UPLOAD_SIZE}, ...). Documented
 * with defaults in {@code origin-service/README.md}.
 *
 * @param storage directory of the master copies (segments, playlists, manifests)
 * @param adminToken bearer token for ingest; empty disables ingest
 * @param playlistMaxAge {@code Cache-Control: max-age} of playlists
 * @param catalogMaxAge {@code Cache-Control: max-age} of the catalog
 * @param ingest upload and transcoding limits
 * @param ffmpeg where ffmpeg and ffprobe come from
 * @param demoCatalog synthetic tracks generated into an empty store
 */
@ConfigurationProperties("origin")
public record OriginProperties(@DefaultValue("data/origin") Path storage, @DefaultValue("") String adminToken,
		@DefaultValue("10s") Duration playlistMaxAge, @DefaultValue("10s") Duration catalogMaxAge,
		@DefaultValue Ingest ingest, @DefaultValue Ffmpeg ffmpeg, @DefaultValue DemoCatalog demoCatalog) {

	public boolean ingestEnabled() {
		return !this.adminToken.isBlank();
	}

	@Override
	public String toString() {
		// never print the admin token
		return "OriginProperties[storage=" + this.storage + ", adminToken=" + (ingestEnabled() ? "******" : "(none)")
				+ ", playlistMaxAge=" + this.playlistMaxAge + ", catalogMaxAge=" + this.catalogMaxAge + ", ingest="
				+ this.ingest + ", ffmpeg=" + this.ffmpeg + ", demoCatalog=" + this.demoCatalog + "]";
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

}
