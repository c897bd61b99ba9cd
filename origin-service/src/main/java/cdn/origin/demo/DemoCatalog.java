package cdn.origin.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import cdn.origin.config.OriginProperties;
import cdn.origin.ingest.TrackIngester;
import cdn.origin.media.FfmpegTools;
import cdn.origin.store.TrackStore;
import cdn.protocol.TrackId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Fills an empty store with synthetic tracks we own (tones, chords, noise), so a fresh
 * machine has something to play. Runs before the origin reports ready, through the same
 * ingest pipeline as uploads.
 */
@Component
@Order(0)
class DemoCatalog implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	/**
	 * A track of the demo catalog: an ffmpeg lavfi source rendered to WAV, then ingested.
	 */
	record DemoTrack(String id, String title, int seconds, String source) {
	}

	static final List<DemoTrack> TRACKS = List.of(
			new DemoTrack("concert-pitch", "Concert Pitch (A440)", 60, "sine=frequency=440:sample_rate=48000"),
			new DemoTrack("c-major-chord", "C Major Chord", 80,
					"aevalsrc='0.25*sin(2*PI*261.63*t)+0.25*sin(2*PI*329.63*t)+0.25*sin(2*PI*392.00*t)':s=48000"),
			new DemoTrack("pink-noise-rain", "Pink Noise Rain", 100,
					"anoisesrc=color=pink:amplitude=0.3:sample_rate=48000:seed=42"),
			new DemoTrack("rising-arpeggio", "Rising Arpeggio", 120,
					"aevalsrc='0.4*sin(2*PI*t*220*pow(2,floor(mod(t*4,4))*4/12))':s=48000"),
			new DemoTrack("binaural-drift", "Binaural Drift", 150,
					"aevalsrc='0.3*sin(2*PI*200*t)|0.3*sin(2*PI*206*t)':s=48000"));

	private final TrackIngester ingester;

	private final FfmpegTools tools;

	private final OriginProperties properties;

	DemoCatalog(TrackIngester ingester, FfmpegTools tools, OriginProperties properties) {
		this.ingester = ingester;
		this.tools = tools;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		TrackStore store = this.ingester.store();
		if (!this.properties.demoCatalog().enabled() || !store.isEmpty()) {
			return;
		}
		int parallel = Math.min(2, Runtime.getRuntime().availableProcessors());
		log.info("Empty store: generating {} demo tracks, {} at a time, with ffmpeg from {} (first start only)",
				TRACKS.size(), parallel, this.tools.origin());
		ExecutorService workers = Executors.newFixedThreadPool(parallel);
		try {
			List<Callable<Void>> jobs = TRACKS.stream().<Callable<Void>>map((track) -> () -> {
				generate(track, store);
				return null;
			}).toList();
			for (Future<Void> done : workers.invokeAll(jobs)) {
				done.get();
			}
		}
		finally {
			workers.shutdownNow();
		}
	}

	private void generate(DemoTrack track, TrackStore store) throws Exception {
		Path work = store.newWorkDir();
		try {
			Path wav = work.resolve(track.id() + ".wav");
			FfmpegTools.ProcessResult rendered = this.tools.ffmpeg(List.of("-v", "error", "-f", "lavfi", "-i",
					track.source(), "-t", Integer.toString(track.seconds()), "-ac", "2", wav.toString()),
					Duration.ofMinutes(5));
			if (!rendered.succeeded()) {
				throw new IllegalStateException("could not render " + track.id() + ": " + rendered.firstErrorLine());
			}
			this.ingester.ingest(TrackId.of(track.id()), track.title(), wav);
			log.info("Demo track {} ready", track.id());
		}
		finally {
			store.discard(work);
		}
	}

}
