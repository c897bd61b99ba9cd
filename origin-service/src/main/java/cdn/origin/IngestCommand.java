package cdn.origin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import cdn.origin.config.OriginProperties;
import cdn.origin.ingest.TrackIngester;
import cdn.origin.media.FfmpegTools;
import cdn.origin.media.FfmpegUnavailableException;
import cdn.origin.media.UnusableAudioException;
import cdn.origin.store.TrackExistsException;
import cdn.origin.store.TrackManifest;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;
import cdn.protocol.InvalidIdException;
import cdn.protocol.TrackId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.util.unit.DataSize;

/**
 * {@code origin-service ingest}: the HTTP ingest's pipeline from the command line,
 * writing into the same store layout. {@code ffmpeg-scripts/make-hls.sh} wraps it.
 */
@Command(name = "origin-service ingest", mixinStandardHelpOptions = true,
		description = "Transcode an audio file into the HLS ladder (a64, a128, a256) and publish it into an origin store.",
		exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:published", "2:bad arguments",
				"3:not usable audio", "4:track id exists", "5:no usable ffmpeg", "1:other failure" })
final class IngestCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "AUDIO_FILE", description = "any audio file ffmpeg can read")
	Path audio;

	@Option(names = "--title", required = true, description = "the track's title")
	String title;

	@Option(names = "--track-id", description = "the track id; default: derived from the title")
	String trackId;

	@Option(names = "--storage", defaultValue = "${env:ORIGIN_STORAGE:-data/origin}",
			description = "the origin's storage directory (default: ${DEFAULT-VALUE})")
	Path storage;

	@Option(names = "--segment-duration", defaultValue = "4", description = "segment seconds, 2 to 6 (default: 4)")
	int segmentSeconds;

	static int execute(String... args) {
		return new CommandLine(new IngestCommand()).execute(args);
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.isReadable(this.audio)) {
			System.err.println("error: cannot read " + this.audio);
			return 2;
		}
		TrackId id;
		try {
			id = (this.trackId != null) ? TrackId.of(this.trackId) : TrackId.slugOf(this.title);
		}
		catch (InvalidIdException ex) {
			System.err.println("error: " + ex.getMessage());
			return 2;
		}
		if (id == null) {
			System.err.println("error: the title gives no usable track id; pass --track-id");
			return 2;
		}
		OriginProperties.Ingest settings;
		try {
			settings = new OriginProperties.Ingest(DataSize.ofGigabytes(10), Duration.ofHours(4),
					Duration.ofSeconds(this.segmentSeconds), 1, 1, Duration.ofHours(1), Duration.ofHours(1));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			return 2;
		}
		FfmpegTools tools;
		try {
			tools = FfmpegTools.locate(null, "auto");
		}
		catch (FfmpegUnavailableException ex) {
			System.err.println("error: " + ex.getMessage());
			return 5;
		}
		TrackIngester ingester = OriginConfiguration.trackIngester(tools,
				new TrackStore(this.storage, Clock.systemUTC()), settings);
		try {
			ingester.inspect(this.audio);
			TrackManifest manifest = ingester.ingest(id, this.title, this.audio);
			System.out.printf("published %s (%.1f s, %s) -> %s%n", manifest.trackId(), manifest.durationSeconds(),
					String.join(", ", manifest.renditions()), CatalogTrack.masterPath(id));
			return 0;
		}
		catch (UnusableAudioException ex) {
			System.err.println("error: " + ex.getMessage());
			return 3;
		}
		catch (TrackExistsException ex) {
			System.err.println("error: " + ex.getMessage());
			return 4;
		}
	}

}
