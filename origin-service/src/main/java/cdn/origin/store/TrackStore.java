package cdn.origin.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import cdn.origin.media.HlsLadderPackager.PackagedTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The origin's master copies on disk.
 *
 * <pre>
 * {root}/segments/{sha256}.{m4s|mp4}          immutable, shared by every track
 * {root}/tracks/{trackId}/track.json          the manifest; its directory appears atomically
 * {root}/tracks/{trackId}/master.m3u8
 * {root}/tracks/{trackId}/{rendition}/index.m3u8
 * {root}/staging/{uuid}/                      work in progress, never served
 * </pre>
 *
 * A track becomes visible by one directory rename, after its segments are in place, so a
 * reader never sees half a track; a failed publish removes the segments it added. Paths
 * are only ever built from validated ids, never from raw request text.
 */
public final class TrackStore {

	private static final Logger log = LoggerFactory.getLogger(TrackStore.class);

	static final String MANIFEST = "track.json";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path segments;

	private final Path tracks;

	private final Path staging;

	private final Clock clock;

	private final Map<TrackId, TrackManifest> index = new ConcurrentHashMap<>();

	/** Serialises publishes: the existence check and the rename must not interleave. */
	private final Object publishLock = new Object();

	private volatile FileTime indexedTracksModified;

	public TrackStore(Path root, Clock clock) {
		this.clock = clock;
		try {
			this.segments = Files.createDirectories(root.resolve("segments"));
			this.tracks = Files.createDirectories(root.resolve("tracks"));
			this.staging = Files.createDirectories(root.resolve("staging"));
			// leftovers of a crash during ingest: never published, safe to drop
			try (Stream<Path> leftovers = Files.list(this.staging)) {
				for (Path leftover : leftovers.toList()) {
					deleteRecursively(leftover);
				}
			}
		}
		catch (IOException ex) {
			throw new StoreUnavailableException(
					"The origin cannot write its store " + root.toAbsolutePath() + " (" + ex.getClass().getSimpleName()
							+ "). Set origin.storage (ORIGIN_STORAGE) to a directory the "
							+ "origin's user may write, or give it that directory (in a container: a volume it owns).",
					ex);
		}
		rescan();
	}

	/** A fresh directory for one ingest's work, on the same file system as the store. */
	public Path newWorkDir() throws IOException {
		return Files.createDirectory(this.staging.resolve(UUID.randomUUID().toString()));
	}

	/** Removes a work directory and everything in it. */
	public void discard(Path workDir) {
		try {
			deleteRecursively(workDir);
		}
		catch (IOException ex) {
			log.warn("Could not remove work directory {}: {}", workDir, ex.getMessage());
		}
	}

	public boolean exists(TrackId trackId) {
		return find(trackId).isPresent();
	}

	public Optional<TrackManifest> find(TrackId trackId) {
		TrackManifest manifest = this.index.get(trackId);
		if (manifest == null) {
			// published by another process (the command-line ingest) since the last scan
			manifest = readManifest(this.tracks.resolve(trackId.value()));
			if (manifest != null) {
				this.index.put(trackId, manifest);
			}
		}
		return Optional.ofNullable(manifest);
	}

	/** Every published track, ordered by id. */
	public List<TrackManifest> list() {
		if (!tracksModified().equals(this.indexedTracksModified)) {
			rescan();
		}
		return this.index.values().stream().sorted(Comparator.comparing(TrackManifest::trackId)).toList();
	}

	public boolean isEmpty() {
		return list().isEmpty();
	}

	/**
	 * The master playlist ({@code rendition == null}) or a media playlist of a published
	 * track.
	 */
	public Optional<Path> playlist(TrackId trackId, Rendition rendition) {
		return find(trackId).filter((manifest) -> rendition == null || manifest.renditions().contains(rendition.id()))
			.map((manifest) -> {
				Path dir = this.tracks.resolve(trackId.value());
				return (rendition != null) ? dir.resolve(rendition.id()).resolve("index.m3u8")
						: dir.resolve("master.m3u8");
			})
			.filter(Files::isRegularFile);
	}

	public Optional<Path> segment(SegmentName name) {
		Path file = this.segments.resolve(name.fileName());
		return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
	}

	/**
	 * Publishes a packaged track under {@code trackId}: segments first, then the track
	 * directory in one rename. Refuses an existing id without touching it.
	 */
	public TrackManifest publish(TrackId trackId, String title, PackagedTrack packaged)
			throws TrackExistsException, IOException {
		TrackManifest manifest = new TrackManifest(trackId.value(), title, packaged.durationSeconds(),
				packaged.renditions().stream().map(Rendition::id).toList(), this.clock.instant());
		JSON.writeValue(packaged.trackDir().resolve(MANIFEST).toFile(), manifest);
		synchronized (this.publishLock) {
			Path target = this.tracks.resolve(trackId.value());
			if (Files.exists(target)) {
				throw new TrackExistsException(trackId);
			}
			List<Path> added = new ArrayList<>();
			try {
				try (DirectoryStream<Path> staged = Files.newDirectoryStream(packaged.segmentsDir())) {
					for (Path segment : staged) {
						Path destination = this.segments.resolve(segment.getFileName());
						if (!Files.exists(destination)) {
							Files.move(segment, destination, StandardCopyOption.ATOMIC_MOVE);
							added.add(destination);
						}
					}
				}
				Files.move(packaged.trackDir(), target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				for (Path segment : added) {
					Files.deleteIfExists(segment);
				}
				if (ex instanceof FileAlreadyExistsException) {
					throw new TrackExistsException(trackId);
				}
				throw ex;
			}
			this.index.put(trackId, manifest);
		}
		return manifest;
	}

	private synchronized void rescan() {
		FileTime modified = tracksModified();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.tracks)) {
			for (Path dir : dirs) {
				String name = dir.getFileName().toString();
				if (TrackId.isValid(name) && !this.index.containsKey(TrackId.of(name))) {
					TrackManifest manifest = readManifest(dir);
					if (manifest != null) {
						this.index.put(TrackId.of(name), manifest);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + this.tracks, ex);
		}
		this.indexedTracksModified = modified;
	}

	private FileTime tracksModified() {
		try {
			return Files.getLastModifiedTime(this.tracks);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static TrackManifest readManifest(Path trackDir) {
		Path file = trackDir.resolve(MANIFEST);
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			return JSON.readValue(file.toFile(), TrackManifest.class);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring unreadable manifest {}: {}", file, ex.getMessage());
			return null;
		}
	}

	/** Removes a directory and everything in it; nothing if it does not exist. */
	public static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
