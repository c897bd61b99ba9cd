package cdn.origin.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.kit.web.Problems;
import cdn.origin.config.OriginProperties;
import cdn.origin.media.UnusableAudioException;
import cdn.origin.store.TrackExistsException;
import cdn.origin.store.TrackManifest;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Service;

/**
 * Accepts uploads: the file is stored and inspected while the client waits (so unusable
 * audio gets a 422 at once), then transcoded and published in the background by a bounded
 * pool. A track id is reserved from submission to the end of its job, so two uploads can
 * never race for one id.
 */
@Service
public class IngestService {

	private static final Logger log = LoggerFactory.getLogger(IngestService.class);

	private static final String UPLOAD = "upload";

	private final TrackIngester ingester;

	private final TrackStore store;

	private final Clock clock;

	private final ThreadPoolExecutor transcoders;

	private final Cache<String, IngestStatus> jobs;

	private final Set<TrackId> reserved = ConcurrentHashMap.newKeySet();

	IngestService(TrackIngester ingester, OriginProperties properties, Clock clock) {
		this.ingester = ingester;
		this.store = ingester.store();
		this.clock = clock;
		OriginProperties.Ingest settings = properties.ingest();
		AtomicInteger threads = new AtomicInteger();
		this.transcoders = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0,
				TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queueCapacity()), (task) -> {
					Thread thread = new Thread(task, "ingest-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.jobs = Caffeine.newBuilder().expireAfterWrite(settings.statusRetention()).maximumSize(10_000).build();
	}

	/** Stores and inspects the upload, then queues it; emits the queued job's status. */
	public Mono<IngestStatus> submit(TrackId trackId, String title, FilePart file) {
		return Mono.defer(() -> {
			if (this.store.exists(trackId) || !this.reserved.add(trackId)) {
				return Mono.error(Problems.of(HttpStatus.CONFLICT, "track '" + trackId + "' already exists"));
			}
			AtomicBoolean handedOff = new AtomicBoolean();
			return Mono.fromCallable(this.store::newWorkDir)
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((work) -> file.transferTo(work.resolve(UPLOAD))
					.then(Mono.fromCallable(() -> inspect(work)).subscribeOn(Schedulers.boundedElastic()))
					.map((duration) -> enqueue(trackId, title, work, handedOff))
					.doFinally((signal) -> {
						if (!handedOff.get()) {
							this.store.discard(work);
						}
					}))
				.doFinally((signal) -> {
					if (!handedOff.get()) {
						this.reserved.remove(trackId);
					}
				});
		});
	}

	public Optional<IngestStatus> status(String jobId) {
		return Optional.ofNullable(this.jobs.getIfPresent(jobId));
	}

	private double inspect(Path work) throws IOException, InterruptedException {
		try {
			return this.ingester.inspect(work.resolve(UPLOAD));
		}
		catch (UnusableAudioException ex) {
			throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		}
	}

	private IngestStatus enqueue(TrackId trackId, String title, Path work, AtomicBoolean handedOff) {
		IngestStatus queued = new IngestStatus(UUID.randomUUID().toString(), trackId.value(), title,
				IngestStatus.State.QUEUED, null, null, this.clock.instant(), null);
		try {
			this.transcoders.execute(() -> transcode(queued, work));
		}
		catch (RejectedExecutionException ex) {
			throw Problems.serviceUnavailable("ingest queue is full, try again later", Duration.ofSeconds(30));
		}
		this.jobs.put(queued.jobId(), queued);
		handedOff.set(true);
		return queued;
	}

	private void transcode(IngestStatus job, Path work) {
		TrackId trackId = TrackId.of(job.trackId());
		this.jobs.put(job.jobId(), job.with(IngestStatus.State.TRANSCODING, null, null, null));
		try {
			TrackManifest manifest = this.ingester.ingest(trackId, job.title(), work.resolve(UPLOAD));
			this.jobs.put(job.jobId(), job.with(IngestStatus.State.PUBLISHED, null, CatalogTrack.masterPath(trackId),
					this.clock.instant()));
			log.info("Published track {} ({} s)", manifest.trackId(), Math.round(manifest.durationSeconds()));
		}
		catch (UnusableAudioException | TrackExistsException ex) {
			fail(job, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail(job, "ingest interrupted by shutdown");
		}
		catch (IOException | RuntimeException ex) {
			log.error("Ingest of {} failed", trackId, ex);
			fail(job, "internal error while transcoding");
		}
		finally {
			this.store.discard(work);
			this.reserved.remove(trackId);
		}
	}

	private void fail(IngestStatus job, String reason) {
		this.jobs.put(job.jobId(), job.with(IngestStatus.State.FAILED, reason, null, this.clock.instant()));
	}

	@PreDestroy
	void shutdown() throws InterruptedException {
		// running ffmpeg processes are killed when their threads are interrupted
		this.transcoders.shutdownNow();
		this.transcoders.awaitTermination(10, TimeUnit.SECONDS);
	}

}
